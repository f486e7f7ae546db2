//! Baby Jubjub arithmetic in R1CS.
//!
//! Points are affine `(x, y)` on `x^2 + y^2 = 1 + d x^2 y^2` (`a = 1`, arkworks' form). The
//! addition law
//!
//! ```text
//! x3 = (x1 y2 + y1 x2) / (1 + d x1 x2 y1 y2),   y3 = (y1 y2 - x1 x2) / (1 - d x1 x2 y1 y2)
//! ```
//!
//! is complete on this curve (d is not a square), so it needs no special case for the
//! identity `(0, 1)`, for equal points or for opposite points, provided both inputs lie on
//! the curve. Every gadget here keeps that precondition: its inputs are constants, points
//! checked with [`PointVar::enforce_on_curve`], or outputs of these formulas. For such
//! inputs the denominators never vanish, so each output coordinate is fixed by its
//! constraint.

use ark_ec::{AdditiveGroup, AffineRepr, CurveGroup};
use ark_ed_on_bn254::{EdwardsAffine, EdwardsProjective};
use ark_ff::{Field, One, Zero};
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use crate::Fr;

/// An affine point in the circuit.
#[derive(Clone, Debug)]
pub struct PointVar {
    /// x coordinate.
    pub x: FpVar<Fr>,
    /// y coordinate.
    pub y: FpVar<Fr>,
}

fn d() -> Fr {
    zkcred_core::signature::coeff_d()
}

/// `num / den` as a new witness, with the constraint `out * den = num`.
fn divide(
    cs: &ConstraintSystemRef<Fr>,
    num: &FpVar<Fr>,
    den: &FpVar<Fr>,
) -> Result<FpVar<Fr>, SynthesisError> {
    let out = FpVar::new_witness(cs.clone(), || {
        let inv = den
            .value()?
            .inverse()
            .ok_or(SynthesisError::DivisionByZero)?;
        Ok(num.value()? * inv)
    })?;
    out.mul_equals(den, num)?;
    Ok(out)
}

impl PointVar {
    /// A constant point.
    pub fn constant(p: EdwardsAffine) -> Self {
        let (x, y) = if p.is_zero() {
            (Fr::zero(), Fr::one())
        } else {
            (p.x, p.y)
        };
        PointVar {
            x: FpVar::Constant(x),
            y: FpVar::Constant(y),
        }
    }

    /// The identity `(0, 1)`.
    pub fn identity() -> Self {
        PointVar {
            x: FpVar::Constant(Fr::zero()),
            y: FpVar::Constant(Fr::one()),
        }
    }

    fn cs(&self) -> ConstraintSystemRef<Fr> {
        self.x.cs().or(self.y.cs())
    }

    /// The point's value, if assigned.
    pub fn value(&self) -> Result<EdwardsAffine, SynthesisError> {
        Ok(EdwardsAffine::new_unchecked(
            self.x.value()?,
            self.y.value()?,
        ))
    }

    /// Enforces `x^2 + y^2 = 1 + d x^2 y^2`. Costs 3 constraints.
    pub fn enforce_on_curve(&self) -> Result<(), SynthesisError> {
        let x2 = self.x.square()?;
        let y2 = self.y.square()?;
        let lhs = &x2 + &y2 - Fr::one();
        (x2 * d()).mul_equals(&y2, &lhs)
    }

    /// `-P = (-x, y)`. Free.
    pub fn negate(&self) -> Self {
        PointVar {
            x: self.x.negate().expect("negation is linear"),
            y: self.y.clone(),
        }
    }

    /// `P + Q`. Costs 6 constraints (fewer when an input is constant).
    pub fn add(&self, other: &Self) -> Result<Self, SynthesisError> {
        let cs = self.cs().or(other.cs());
        if cs.is_none() {
            let sum = (self.value()?.into_group() + other.value()?).into_affine();
            return Ok(Self::constant(sum));
        }
        // beta = x1 y2, gamma = y1 x2, delta = (y1 - x1)(x2 + y2), tau = beta gamma.
        let beta = &self.x * &other.y;
        let gamma = &self.y * &other.x;
        let delta = (&self.y - &self.x) * (&other.x + &other.y);
        let tau = &beta * &gamma;
        let dtau = tau * d();

        // x3 (1 + d tau) = beta + gamma;  y3 (1 - d tau) = delta + beta - gamma.
        let x = divide(&cs, &(&beta + &gamma), &(&dtau + Fr::one()))?;
        let y = divide(
            &cs,
            &(delta + &beta - &gamma),
            &(FpVar::Constant(Fr::one()) - &dtau),
        )?;
        Ok(PointVar { x, y })
    }

    /// `2P`. Costs 5 constraints.
    pub fn double(&self) -> Result<Self, SynthesisError> {
        let cs = self.cs();
        if cs.is_none() {
            return Ok(Self::constant(
                (self.value()?.into_group().double()).into_affine(),
            ));
        }
        // beta = x y, delta = (y - x)(x + y) = y^2 - x^2, tau = beta^2.
        let beta = &self.x * &self.y;
        let delta = (&self.y - &self.x) * (&self.x + &self.y);
        let dtau = beta.square()? * d();
        let x = divide(&cs, &(&beta + &beta), &(&dtau + Fr::one()))?;
        let y = divide(&cs, &delta, &(FpVar::Constant(Fr::one()) - &dtau))?;
        Ok(PointVar { x, y })
    }

    /// Enforces `self == other`. Costs 2 constraints.
    pub fn enforce_equal(&self, other: &Self) -> Result<(), SynthesisError> {
        self.x.enforce_equal(&other.x)?;
        self.y.enforce_equal(&other.y)
    }
}

/// `k B` for a constant base `B` and a scalar given by its little-endian bits.
///
/// Three bits at a time: window `w` selects `j 8^w B` (j = 0..7) from a constant table with
/// 3 constraints (2 when a window is short), and the windows are summed with complete additions:
/// 749 constraints for the 251 bits of a Baby Jubjub scalar.
pub fn fixed_base_mul(
    base: EdwardsAffine,
    bits: &[Boolean<Fr>],
) -> Result<PointVar, SynthesisError> {
    let mut acc: Option<PointVar> = None;
    let mut window_base = EdwardsProjective::from(base);
    for window in bits.chunks(3) {
        let bit = |i: usize| window.get(i).cloned().unwrap_or(Boolean::FALSE);
        let table: Vec<EdwardsAffine> = (0u64..8)
            .map(|j| (window_base * ark_ed_on_bn254::Fr::from(j)).into_affine())
            .collect();
        let point = lookup3(&table, [bit(0), bit(1), bit(2)])?;
        acc = Some(match acc {
            None => point,
            Some(a) => a.add(&point)?,
        });
        for _ in 0..3 {
            window_base.double_in_place();
        }
    }
    Ok(acc.unwrap_or_else(PointVar::identity))
}

/// Selects `table[b0 + 2 b1 + 4 b2]` among eight constant points. Costs 3 constraints.
fn lookup3(table: &[EdwardsAffine], b: [Boolean<Fr>; 3]) -> Result<PointVar, SynthesisError> {
    let [b0, b1, b2] = b.map(FpVar::from);
    let b12 = &b1 * &b2;
    let coord = |c: [Fr; 8]| -> Result<FpVar<Fr>, SynthesisError> {
        // Bilinear interpolation over (b1, b2) for even and odd entries, then b0 picks.
        let interp = |c0: Fr, c2: Fr, c4: Fr, c6: Fr| {
            FpVar::Constant(c0) + &b1 * (c2 - c0) + &b2 * (c4 - c0) + &b12 * (c6 - c4 - c2 + c0)
        };
        let even = interp(c[0], c[2], c[4], c[6]);
        let odd = interp(c[1], c[3], c[5], c[7]);
        Ok(&even + &b0 * &(odd - &even))
    };
    let xy = |p: &EdwardsAffine| {
        if p.is_zero() {
            (Fr::zero(), Fr::one())
        } else {
            (p.x, p.y)
        }
    };
    let xs: [Fr; 8] = std::array::from_fn(|j| xy(&table[j]).0);
    let ys: [Fr; 8] = std::array::from_fn(|j| xy(&table[j]).1);
    Ok(PointVar {
        x: coord(xs)?,
        y: coord(ys)?,
    })
}

/// `k P` for a point `P` on the curve and a scalar given by its little-endian bits.
///
/// Two bits at a time from the top: double twice, then add one of `O, P, 2P, 3P` (selected
/// with 6 constraints). About 11 constraints a bit: 2,765 for 251 bits.
pub fn variable_base_mul(
    point: &PointVar,
    bits: &[Boolean<Fr>],
) -> Result<PointVar, SynthesisError> {
    let p2 = point.double()?;
    let p3 = p2.add(point)?;
    let table = [PointVar::identity(), point.clone(), p2, p3];

    let mut acc: Option<PointVar> = None;
    let windows: Vec<&[Boolean<Fr>]> = bits.chunks(2).collect();
    for window in windows.into_iter().rev() {
        let b0 = FpVar::from(window[0].clone());
        let b1 = FpVar::from(window.get(1).cloned().unwrap_or(Boolean::FALSE));
        let pick = |c: [&FpVar<Fr>; 4]| -> FpVar<Fr> {
            let lo = c[0] + &b0 * &(c[1] - c[0]);
            let hi = c[2] + &b0 * &(c[3] - c[2]);
            &lo + &b1 * &(hi - &lo)
        };
        let selected = PointVar {
            x: pick([&table[0].x, &table[1].x, &table[2].x, &table[3].x]),
            y: pick([&table[0].y, &table[1].y, &table[2].y, &table[3].y]),
        };
        acc = Some(match acc {
            None => selected,
            Some(a) => a.double()?.double()?.add(&selected)?,
        });
    }
    Ok(acc.unwrap_or_else(PointVar::identity))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ff::{BigInteger, PrimeField, UniformRand};
    use ark_relations::gr1cs::ConstraintSystem;

    fn alloc_point(cs: &ConstraintSystemRef<Fr>, p: EdwardsAffine) -> PointVar {
        PointVar {
            x: FpVar::new_witness(cs.clone(), || Ok(p.x)).unwrap(),
            y: FpVar::new_witness(cs.clone(), || Ok(p.y)).unwrap(),
        }
    }

    fn bits_of(
        cs: &ConstraintSystemRef<Fr>,
        k: &ark_ed_on_bn254::Fr,
        n: usize,
    ) -> Vec<Boolean<Fr>> {
        let big = k.into_bigint();
        (0..n)
            .map(|i| Boolean::new_witness(cs.clone(), || Ok(big.get_bit(i))).unwrap())
            .collect()
    }

    #[test]
    fn add_and_double_match_native_including_edge_cases() {
        let mut rng = ark_std::test_rng();
        let p = EdwardsAffine::rand(&mut rng);
        let q = EdwardsAffine::rand(&mut rng);
        let neg_p = -p;
        let o = EdwardsAffine::zero();
        for (a, b) in [(p, q), (p, p), (p, neg_p), (p, o), (o, o)] {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let (av, bv) = (
                alloc_point(
                    &cs,
                    if a.is_zero() {
                        EdwardsAffine::new_unchecked(Fr::zero(), Fr::one())
                    } else {
                        a
                    },
                ),
                alloc_point(
                    &cs,
                    if b.is_zero() {
                        EdwardsAffine::new_unchecked(Fr::zero(), Fr::one())
                    } else {
                        b
                    },
                ),
            );
            let sum = av.add(&bv).unwrap().value().unwrap();
            let expected = (a + b).into_affine();
            let expected = if expected.is_zero() {
                EdwardsAffine::new_unchecked(Fr::zero(), Fr::one())
            } else {
                expected
            };
            assert_eq!(sum, expected);
            assert!(cs.is_satisfied().unwrap());
            assert_eq!(cs.num_constraints(), 6);
        }
        let cs = ConstraintSystem::<Fr>::new_ref();
        let dbl = alloc_point(&cs, p).double().unwrap().value().unwrap();
        assert_eq!(dbl, (p + p).into_affine());
        assert_eq!(cs.num_constraints(), 5);
    }

    #[test]
    fn wrong_sum_fails() {
        let mut rng = ark_std::test_rng();
        let (p, q) = (EdwardsAffine::rand(&mut rng), EdwardsAffine::rand(&mut rng));
        let cs = ConstraintSystem::<Fr>::new_ref();
        let sum = alloc_point(&cs, p).add(&alloc_point(&cs, q)).unwrap();
        alloc_point(&cs, (p + p).into_affine())
            .enforce_equal(&sum)
            .unwrap();
        assert!(!cs.is_satisfied().unwrap());
    }

    #[test]
    fn off_curve_point_is_refused() {
        let cs = ConstraintSystem::<Fr>::new_ref();
        let p = alloc_point(
            &cs,
            EdwardsAffine::new_unchecked(Fr::from(1u64), Fr::from(1u64)),
        );
        p.enforce_on_curve().unwrap();
        assert!(!cs.is_satisfied().unwrap());
        let cs = ConstraintSystem::<Fr>::new_ref();
        let p = alloc_point(&cs, EdwardsAffine::rand(&mut ark_std::test_rng()));
        p.enforce_on_curve().unwrap();
        assert!(cs.is_satisfied().unwrap());
        assert_eq!(cs.num_constraints(), 3);
    }

    #[test]
    fn scalar_multiplications_match_native() {
        let mut rng = ark_std::test_rng();
        let b = zkcred_core::signature::generator();
        for k in [
            ark_ed_on_bn254::Fr::from(0u64),
            ark_ed_on_bn254::Fr::from(1u64),
            -ark_ed_on_bn254::Fr::from(1u64),
            ark_ed_on_bn254::Fr::rand(&mut rng),
        ] {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let bits = bits_of(&cs, &k, 251);
            let before = cs.num_constraints();
            let fixed = fixed_base_mul(b, &bits).unwrap();
            let expected = (b * k).into_affine();
            let expected = if expected.is_zero() {
                EdwardsAffine::new_unchecked(Fr::zero(), Fr::one())
            } else {
                expected
            };
            assert_eq!(fixed.value().unwrap(), expected);
            // The last window holds two bits and a constant, which saves its product.
            assert_eq!(cs.num_constraints() - before, 3 * 84 + 6 * 83 - 1);

            let p = alloc_point(&cs, EdwardsAffine::rand(&mut rng));
            let before = cs.num_constraints();
            let var = variable_base_mul(&p, &bits).unwrap();
            let expected = (p.value().unwrap() * k).into_affine();
            let expected = if expected.is_zero() {
                EdwardsAffine::new_unchecked(Fr::zero(), Fr::one())
            } else {
                expected
            };
            assert_eq!(var.value().unwrap(), expected);
            assert_eq!(cs.num_constraints() - before, 2765);
            assert!(cs.is_satisfied().unwrap());
        }
    }
}
