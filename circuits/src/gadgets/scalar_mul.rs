//! Scalar multiplications on Baby Jubjub for the signature check, in Montgomery form where
//! that is safe and with complete Edwards additions where it is not.
//!
//! Every Montgomery addition below adds two multiples `k1 P`, `k2 P` of one point `P` of prime
//! order `l`. It is exceptional only when `k1 = ±k2 (mod l)` or an operand is the identity, so
//! each function bounds its integers `k1, k2` to show that this cannot happen, whatever bits a
//! prover supplies. The tests recompute the bounds from the constants.
//!
//! # Fixed base: `S B`
//!
//! `S < 2^251` is cut into 83 windows of 3 bits `d_j` (bits 0..248) and the top bits 249, 250.
//! Window `j` selects `(d_j + 1) 8^j B` from a constant table (`(d_j + 2) 8^j B` for the
//! highest window, `j = 82`), and the windows are summed from the top down in Montgomery form.
//! Before window `j < 82` is added the accumulator holds `k1 >= 2 * 8^82 > 8^(j+1) >= k2`, and
//! every partial sum is at most `S mod 2^249 + O < l / 2`, with `O = 2 * 8^82 + sum_{j<82} 8^j`
//! the sum of the offsets; so `0 < k1 - k2 < k1 + k2 < l`. The sum `(S mod 2^249 + O) B` is
//! then taken to Edwards form and `(d_top 2^249 - O) B` is added with the complete law, where
//! no bound is needed. Cost: `83 * 3 + 82 * 3 + 2 + 1 + 6 = 504` constraints.
//!
//! # Variable base: `k P`
//!
//! The scalar `k` is any field element. It is decomposed as `H = k + t`, 254 bits, with the
//! range check `t <= H <= t + r - 1` (`r` the BN254 modulus); so `H` is exactly the integer
//! `k + t` and no other decomposition passes (`k + t ± r` are outside the range). The constant
//! `t = (-2^253 mod l) + l` is chosen so that
//!
//! ```text
//! K = 2 * 2^253 + sum_{j<253} (2 H_{j+1} - 1) 2^j = 2^253 + H - H_0 + 1 = k - H_0 + 1 (mod l)
//! ```
//!
//! with `H_0` the lowest bit of `H`. `K P` is computed from the top with signed digits
//! `s_j = 2 H_{j+1} - 1`: start from `2P` and repeat `acc = 2 acc + s_j P` (one `2P + Q`
//! Montgomery step, 5 constraints, plus 1 for the sign of `v`). Before step `j` the
//! accumulator is `K_{j+1} P` with `K_{j+1} >= 2^(252-j) + 1 >= 2`, so it never meets `±P`
//! (which a small scalar, with its leading zeros, would reach from a start of `P`); for
//! `j >= 4` also `2 K_{j+1} + 1 < l`, which excludes `K_{j+1} = ±1` and `2 K_{j+1} + s_j = 0`
//! modulo `l` (the two sums of a step meeting equal or opposite operands). The last four
//! steps, where `K` outgrows `l`, use complete Edwards doubling and addition; the last one adds
//! `(2 H_1 + H_0 - 2) P`, which folds the correction `(H_0 - 1) P` into its digit. The result
//! is `k P`.
//!
//! That `P` has order `l` is a precondition, not a constraint: the circuit checks only
//! `P.x != 0`. The verifier establishes it for the issuer key outside the circuit.

use std::sync::OnceLock;

use ark_ec::{AffineRepr, CurveGroup};
use ark_ed_on_bn254::{EdwardsAffine, EdwardsProjective, Fr as Scalar};
use ark_ff::{AdditiveGroup, BigInt, BigInteger, Field, PrimeField};
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::SynthesisError;

use super::bits;
use super::edwards::PointVar;
use super::montgomery::{to_montgomery_batch, MontPoint};
use crate::Fr;

/// Bits of a fixed-base scalar: `l < 2^251`.
pub const FIXED_BITS: usize = 251;

/// Three-bit windows of the fixed-base scalar summed in Montgomery form (bits 0..248).
const FIXED_WINDOWS: usize = 83;

/// Bits of `H = k + t` for the variable base.
pub const VARIABLE_BITS: usize = 254;

/// Ladder steps `j >= EDWARDS_STEPS` run in Montgomery form; the rest in Edwards form.
const EDWARDS_STEPS: usize = 4;

struct FixedTables {
    /// Window `j`: `(d + offset_j) 8^j B` for `d = 0..7`, Montgomery coordinates.
    windows: Vec<[(Fr, Fr); 8]>,
    /// `(d 2^249 - O) B` for `d = 0..3`.
    top: [EdwardsAffine; 4],
}

fn window_offset(j: usize) -> u64 {
    if j == FIXED_WINDOWS - 1 {
        2
    } else {
        1
    }
}

/// `O = sum_j offset_j 8^j`, as a scalar modulo `l`.
fn fixed_offset() -> Scalar {
    (0..FIXED_WINDOWS)
        .map(|j| Scalar::from(window_offset(j)) * Scalar::from(8u64).pow([j as u64]))
        .sum()
}

fn fixed_tables() -> &'static FixedTables {
    static TABLES: OnceLock<FixedTables> = OnceLock::new();
    TABLES.get_or_init(|| {
        let b = EdwardsProjective::from(zkcred_core::signature::generator());
        let mut w = b;
        let mut points = Vec::with_capacity(8 * FIXED_WINDOWS);
        for j in 0..FIXED_WINDOWS {
            let mut point = w * Scalar::from(window_offset(j));
            for _ in 0..8 {
                points.push(point);
                point += w;
            }
            for _ in 0..3 {
                w.double_in_place();
            }
        }
        // Every entry is a non-zero multiple of B below l (see the module notes), so it has
        // Montgomery coordinates. The conversions share their inversions, a few each.
        let affine = EdwardsProjective::normalize_batch(&points);
        let coordinates = to_montgomery_batch(&affine).expect("non-zero multiples of B");
        let windows = coordinates
            .chunks_exact(8)
            .map(|row| std::array::from_fn(|d| row[d]))
            .collect();
        let o = fixed_offset();
        let step = Scalar::from(2u64).pow([3 * FIXED_WINDOWS as u64]);
        let top = std::array::from_fn(|d| (b * (Scalar::from(d as u64) * step - o)).into_affine());
        FixedTables { windows, top }
    })
}

/// Selects `table[b0 + 2 b1 + 4 b2]` among eight constant Montgomery points. Costs 3.
fn lookup3(table: &[(Fr, Fr); 8], b: &[Boolean<Fr>]) -> Result<MontPoint, SynthesisError> {
    let [b0, b1, b2] = [0, 1, 2].map(|i| FpVar::from(b[i].clone()));
    let b12 = &b1 * &b2;
    let coord = |c: [Fr; 8]| -> FpVar<Fr> {
        // Bilinear in (b1, b2) for the even and the odd entries; then b0 chooses.
        let interp = |c0: Fr, c2: Fr, c4: Fr, c6: Fr| {
            FpVar::Constant(c0) + &b1 * (c2 - c0) + &b2 * (c4 - c0) + &b12 * (c6 - c4 - c2 + c0)
        };
        let even = interp(c[0], c[2], c[4], c[6]);
        let odd = interp(c[1], c[3], c[5], c[7]);
        &even + &b0 * &(odd - &even)
    };
    Ok(MontPoint {
        u: coord(table.map(|p| p.0)),
        v: coord(table.map(|p| p.1)),
    })
}

/// Selects `table[b0 + 2 b1]` among four constant Edwards points. Costs 1.
fn lookup2(table: &[EdwardsAffine; 4], b0: &Boolean<Fr>, b1: &Boolean<Fr>) -> PointVar {
    let (f0, f1) = (FpVar::from(b0.clone()), FpVar::from(b1.clone()));
    let f01 = &f0 * &f1;
    let coord = |c: [Fr; 4]| {
        FpVar::Constant(c[0])
            + &f0 * (c[1] - c[0])
            + &f1 * (c[2] - c[0])
            + &f01 * (c[3] - c[2] - c[1] + c[0])
    };
    let xy = |p: &EdwardsAffine| {
        if p.is_zero() {
            (Fr::ZERO, Fr::ONE)
        } else {
            (p.x, p.y)
        }
    };
    PointVar {
        x: coord(table.map(|p| xy(&p).0)),
        y: coord(table.map(|p| xy(&p).1)),
    }
}

/// `S B` for the generator `B` and `S` given by its 251 little-endian bits. Costs 504
/// constraints. Any 251-bit `S` is handled; reducing it below `l` is the caller's business.
pub fn fixed_base_mul(bits: &[Boolean<Fr>]) -> Result<PointVar, SynthesisError> {
    if bits.len() != FIXED_BITS {
        return Err(SynthesisError::Unsatisfiable);
    }
    let tables = fixed_tables();
    let window = |j: usize| lookup3(&tables.windows[j], &bits[3 * j..3 * j + 3]);

    // (S mod 2^249 + O) B, from the highest window down.
    let mut acc = window(FIXED_WINDOWS - 1)?;
    for j in (0..FIXED_WINDOWS - 1).rev() {
        acc = acc.add_unchecked(&window(j)?)?;
    }

    // + (d_top 2^249 - O) B, completely.
    let top = lookup2(&tables.top, &bits[249], &bits[250]);
    acc.to_edwards()?.add(&top)
}

/// `t = (-2^253 mod l) + l`.
pub fn variable_shift() -> BigInt<4> {
    let mut t = (-Scalar::from(2u64).pow([253])).into_bigint();
    t.add_with_carry(&Scalar::MODULUS);
    t
}

/// Allocates the bits of `H = k + t` and enforces `H = k + t` exactly:
/// `sum H_i 2^i = k + t` in the field and `t <= H <= t + r - 1`.
fn decompose(k: &FpVar<Fr>) -> Result<Vec<Boolean<Fr>>, SynthesisError> {
    let t = variable_shift();
    let value = k.value().ok().map(|k| {
        let mut h = k.into_bigint();
        h.add_with_carry(&t);
        h
    });
    let bits = bits::alloc_bits(&k.cs(), value, VARIABLE_BITS)?;
    // t < r, so it is its own field element.
    let t_field = Fr::from_bigint(t).ok_or(SynthesisError::Unsatisfiable)?;
    bits::pack(&bits).enforce_equal(&(k + t_field))?;
    enforce_shift_range(&bits)?;
    Ok(bits)
}

/// `t <= H <= t + r - 1`.
fn enforce_shift_range(bits: &[Boolean<Fr>]) -> Result<(), SynthesisError> {
    let t = variable_shift();
    let mut max = t;
    max.add_with_carry(&Fr::MODULUS);
    max.sub_with_borrow(&BigInt::from(1u64));
    let vars: Vec<FpVar<Fr>> = bits.iter().map(|b| FpVar::from(b.clone())).collect();
    bits::enforce_ge(&vars, &t)?;
    bits::enforce_le(&vars, &max)
}

/// `(2b - 1) x`. Costs 1 constraint.
fn signed(b: &Boolean<Fr>, x: &FpVar<Fr>) -> FpVar<Fr> {
    FpVar::from(b.clone()) * x * Fr::from(2u64) - x
}

/// `k P` for a point `P` of order `l` and any field element `k`. Costs 2,161 constraints:
/// 604 for the decomposition of `k + t` and 1,557 for the ladder.
///
/// **Unchecked:** the order of `P` is not constrained (only `P.x != 0` is). For a point outside
/// the subgroup the Montgomery steps may meet their exceptional cases, where the constraints
/// do not fix the result. Call it only on points whose order the verifier has checked.
pub fn variable_base_mul_unchecked(
    p: &PointVar,
    k: &FpVar<Fr>,
) -> Result<PointVar, SynthesisError> {
    let bits = decompose(k)?;
    ladder(p, &bits)
}

/// The ladder over the bits of `H`: returns `(H - t) P`, as the module notes explain.
fn ladder(p: &PointVar, h: &[Boolean<Fr>]) -> Result<PointVar, SynthesisError> {
    let pm = MontPoint::from_edwards(p)?;
    let two = pm.double()?;

    // Montgomery steps: acc = 2 acc + s_j P, s_j = 2 H_{j+1} - 1.
    let mut acc = two.clone();
    for j in (EDWARDS_STEPS..VARIABLE_BITS - 1).rev() {
        let q = MontPoint {
            u: pm.u.clone(),
            v: signed(&h[j + 1], &pm.v),
        };
        acc = acc.double_add_unchecked(&q)?;
    }

    // Edwards steps.
    let mut acc = acc.to_edwards()?;
    for j in (1..EDWARDS_STEPS).rev() {
        let q = PointVar {
            x: signed(&h[j + 1], &p.x),
            y: p.y.clone(),
        };
        acc = acc.double()?.add(&q)?;
    }

    // Last step with the correction: + (2 H_1 + H_0 - 2) P, one of -2P, -P, O, P.
    let two = two.to_edwards()?;
    let (a, b) = (FpVar::from(h[0].clone()), FpVar::from(h[1].clone()));
    let m = &a * &b;
    // (1 - a)(1 - b) selects -2P; a (2b - 1) is the sign of the P entries.
    let none = FpVar::one() - &a - &b + &m;
    let digit = PointVar {
        x: &p.x * (&m * Fr::from(2u64) - &a) - &two.x * &none,
        y: &two.y * &none + &p.y * &a + &b - &m,
    };
    acc.double()?.add(&digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_relations::gr1cs::{ConstraintSystem, ConstraintSystemRef};
    use ark_std::UniformRand;

    fn edwards(p: EdwardsProjective) -> EdwardsAffine {
        let p = p.into_affine();
        if p.is_zero() {
            EdwardsAffine::new_unchecked(Fr::ZERO, Fr::ONE)
        } else {
            p
        }
    }

    fn alloc_point(cs: &ConstraintSystemRef<Fr>, p: EdwardsAffine) -> PointVar {
        PointVar {
            x: FpVar::new_witness(cs.clone(), || Ok(p.x)).unwrap(),
            y: FpVar::new_witness(cs.clone(), || Ok(p.y)).unwrap(),
        }
    }

    #[test]
    fn fixed_base_bounds_hold() {
        // Largest partial sum: S mod 2^249 = 2^249 - 1 plus every offset, as an integer.
        let mut o = BigInt::<4>::from(0u64);
        for j in 0..FIXED_WINDOWS {
            let mut term = BigInt::<4>::from(window_offset(j));
            term <<= 3 * j as u32;
            o.add_with_carry(&term);
        }
        assert_eq!(Scalar::from_bigint(o).unwrap(), fixed_offset());
        let mut max = BigInt::<4>::from(1u64);
        max <<= 249;
        max.add_with_carry(&o);
        let mut half_l = Scalar::MODULUS;
        half_l >>= 1;
        assert!(max < half_l);
        // The accumulator before window j < 82 is at least 2 * 8^82 > 8^(j+1).
        let mut least = BigInt::<4>::from(2u64);
        least <<= 3 * 82;
        let mut largest_new = BigInt::<4>::from(1u64);
        largest_new <<= 3 * 82;
        assert!(least > largest_new);
    }

    #[test]
    fn variable_base_bounds_hold() {
        let t = variable_shift();
        let mut max = t;
        max.add_with_carry(&Fr::MODULUS);
        max.sub_with_borrow(&BigInt::from(1u64));
        assert!(max.num_bits() as usize <= VARIABLE_BITS);
        // t = -2^253 (mod l).
        let two_253 = Scalar::from(2u64).pow([253]);
        assert!(Scalar::from_bigint(t).is_none(), "t is above l");
        let mut t_red = t;
        t_red.sub_with_borrow(&Scalar::MODULUS);
        assert_eq!(
            Scalar::from_bigint(t_red).unwrap() + two_253,
            Scalar::from(0u64)
        );
        // Before Montgomery step j: K_{j+1} <= 2^(252-j) + 1 + 2 floor(H_max / 2^(j+2)),
        // and 2 K_{j+1} + 1 < l must hold for j >= EDWARDS_STEPS but fail at j = 3.
        let k_max = |j: usize| {
            let mut k = BigInt::<4>::from(1u64);
            k <<= (252 - j) as u32;
            k.add_with_carry(&BigInt::from(1u64));
            let mut h = max;
            h >>= (j + 2) as u32;
            h.mul2();
            k.add_with_carry(&h);
            k.mul2();
            k.add_with_carry(&BigInt::from(1u64));
            k
        };
        for j in EDWARDS_STEPS..VARIABLE_BITS - 1 {
            assert!(k_max(j) < Scalar::MODULUS, "step {j}");
        }
        assert!(k_max(EDWARDS_STEPS - 1) >= Scalar::MODULUS);
    }

    #[test]
    fn fixed_base_matches_native() {
        let mut rng = ark_std::test_rng();
        let b = zkcred_core::signature::generator();
        let o = fixed_offset();
        let step = Scalar::from(2u64).pow([249]);
        // Values at the edges of the window bounds, and the one at which a Montgomery addition
        // of the top window would double: S mod 2^249 = 2^249 - 2 O.
        let mut cases = vec![
            Scalar::from(0u64),
            Scalar::from(1u64),
            -Scalar::from(1u64),
            step - Scalar::from(1u64),
            step,
            step - o - o,
            step + step - o - o,
        ];
        cases.extend((0..4).map(|_| Scalar::rand(&mut rng)));
        for s in cases {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let bits = bits::alloc_bits(&cs, Some(s.into_bigint()), FIXED_BITS).unwrap();
            let before = cs.num_constraints();
            let sb = fixed_base_mul(&bits).unwrap();
            assert_eq!(cs.num_constraints() - before, 504);
            assert_eq!(sb.value().unwrap(), edwards(b * s), "S = {s}");
            assert!(cs.is_satisfied().unwrap());
        }
    }

    /// Runs the ladder on `bits` (possibly hostile) for `P`.
    fn ladder_value(p: EdwardsAffine, h: &BigInt<4>) -> (bool, Option<EdwardsAffine>, usize) {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let pv = alloc_point(&cs, p);
        let bits = bits::alloc_bits(&cs, Some(*h), VARIABLE_BITS).unwrap();
        let before = cs.num_constraints();
        match ladder(&pv, &bits) {
            Ok(out) => (
                cs.is_satisfied().unwrap(),
                out.value().ok(),
                cs.num_constraints() - before,
            ),
            Err(_) => (false, None, 0),
        }
    }

    #[test]
    fn variable_base_matches_native() {
        let mut rng = ark_std::test_rng();
        let p = (EdwardsAffine::generator() * Scalar::rand(&mut rng)).into_affine();
        let minus_one = -Fr::from(1u64);
        let cases = [
            Fr::from(0u64),
            Fr::from(1u64),
            Fr::from(2u64),
            Fr::from(3u64),
            minus_one,
            minus_one - Fr::from(1u64),
            Fr::from_bigint(Scalar::MODULUS).unwrap(),
            Fr::from_bigint(Scalar::MODULUS).unwrap() - Fr::from(1u64),
            Fr::rand(&mut rng),
            Fr::rand(&mut rng),
        ];
        for k in cases {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let pv = alloc_point(&cs, p);
            let kv = FpVar::new_witness(cs.clone(), || Ok(k)).unwrap();
            let before = cs.num_constraints();
            let out = variable_base_mul_unchecked(&pv, &kv).unwrap();
            assert_eq!(cs.num_constraints() - before, 2161);
            let expected = edwards(p.mul_bigint(k.into_bigint()));
            assert_eq!(out.value().unwrap(), expected, "k = {k}");
            assert!(cs.is_satisfied().unwrap());
        }
        // The ladder alone, and the honest bits through it.
        let mut h = Fr::from(5u64).into_bigint();
        h.add_with_carry(&variable_shift());
        let (ok, out, n) = ladder_value(p, &h);
        assert!(ok);
        assert_eq!(out.unwrap(), edwards(p * Scalar::from(5u64)));
        assert_eq!(n, 1557);
    }

    fn decomposition_holds(k: Fr, h: BigInt<4>) -> bool {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let kv = FpVar::new_witness(cs.clone(), || Ok(k)).unwrap();
        let t = Fr::from_bigint(variable_shift()).unwrap();
        let bits = bits::alloc_bits(&cs, Some(h), VARIABLE_BITS).unwrap();
        bits::pack(&bits).enforce_equal(&(kv + t)).unwrap();
        let packed_ok = cs.is_satisfied().unwrap();
        enforce_shift_range(&bits).unwrap();
        assert!(packed_ok, "the packing alone accepts these bits");
        cs.is_satisfied().unwrap()
    }

    #[test]
    fn only_the_exact_decomposition_passes() {
        let t = variable_shift();
        let r = Fr::MODULUS;
        let mut rng = ark_std::test_rng();
        let mut alternatives = 0;
        // k small: H + r also fits in 254 bits; k large: H - r is non-negative.
        for k in [
            Fr::from(0u64),
            Fr::from(12345u64),
            -Fr::from(1u64),
            Fr::rand(&mut rng),
        ] {
            let mut h = k.into_bigint();
            h.add_with_carry(&t);
            assert!(decomposition_holds(k, h));
            let mut up = h;
            if !up.add_with_carry(&r) && (up.num_bits() as usize) <= VARIABLE_BITS {
                assert!(!decomposition_holds(k, up), "H + r for k = {k}");
                alternatives += 1;
            }
            let mut down = h;
            if !down.sub_with_borrow(&r) {
                assert!(!decomposition_holds(k, down), "H - r for k = {k}");
                alternatives += 1;
            }
        }
        assert!(
            alternatives >= 4,
            "only {alternatives} hostile decompositions tried"
        );
    }

    #[test]
    fn hostile_bits_give_a_different_point() {
        // Without the range check, the bits of H + r would multiply by k + r, not k.
        let p = (EdwardsAffine::generator() * Scalar::from(99u64)).into_affine();
        let k = Fr::from(7u64);
        let mut h = k.into_bigint();
        h.add_with_carry(&variable_shift());
        h.add_with_carry(&Fr::MODULUS);
        let (_, out, _) = ladder_value(p, &h);
        assert_ne!(out.unwrap(), edwards(p * Scalar::from(7u64)));
    }

    #[test]
    fn every_witness_is_pinned() {
        let mut rng = ark_std::test_rng();
        let p = (EdwardsAffine::generator() * Scalar::rand(&mut rng)).into_affine();
        let cs = ConstraintSystem::<Fr>::new_ref();
        let pv = alloc_point(&cs, p);
        let kv = FpVar::new_witness(cs.clone(), || Ok(Fr::from(3u64))).unwrap();
        let _ = variable_base_mul_unchecked(&pv, &kv).unwrap();
        let bits = bits::alloc_bits(&cs, Some(Scalar::rand(&mut rng).into_bigint()), FIXED_BITS);
        let _ = fixed_base_mul(&bits.unwrap()).unwrap();
        assert!(crate::gadgets::test_util::free_witnesses(&cs).is_empty());
    }

    #[test]
    fn points_of_low_order_are_refused_or_fail() {
        // P.x = 0 is refused by the conversion; the order-4 point (1, 0) makes an honest
        // witness impossible to compute.
        let mut h = Fr::from(5u64).into_bigint();
        h.add_with_carry(&variable_shift());
        for (x, y) in [
            (Fr::ZERO, Fr::ONE),
            (Fr::ZERO, -Fr::ONE),
            (Fr::ONE, Fr::ZERO),
        ] {
            let (ok, _, _) = ladder_value(EdwardsAffine::new_unchecked(x, y), &h);
            assert!(!ok);
        }
    }
}
