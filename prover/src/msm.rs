//! Multi-scalar multiplication with affine bucket sums.
//!
//! [`msm`] computes `sum_i k_i P_i` with Pippenger's bucket method. What differs from arkworks'
//! `VariableBaseMSM`:
//!
//! - Zero scalars and identity bases are dropped before any work, and a scalar `k` above
//!   `r / 2` is replaced by `r - k` on the negated base, so that `-1`, `-2`, ... cost what `1`,
//!   `2`, ... cost and no scalar exceeds 253 bits.
//! - Scalars are cut into signed digits of `c` bits (`-2^(c-1) <= d <= 2^(c-1)`), so each
//!   window has `2^(c-1)` buckets.
//! - Within a window the points are sorted by bucket, and every bucket is summed as a tree of
//!   affine additions. All additions of one tree level share a single field inversion
//!   (Montgomery's trick), so an addition costs about 6 multiplications instead of the 11 of
//!   a mixed projective addition.
//!
//! Windows run in parallel on the current rayon pool.

use ark_ec::short_weierstrass::{Affine, Projective, SWCurveConfig};
use ark_ec::AffineRepr;
use ark_ff::{AdditiveGroup, BigInteger, Field, PrimeField, Zero};
use rayon::prelude::*;

type BigInt<P> = <<P as ark_ec::CurveConfig>::ScalarField as PrimeField>::BigInt;

/// `sum_i scalars[i] * bases[i]`, over the shorter of the two slices.
pub fn msm<P: SWCurveConfig>(bases: &[Affine<P>], scalars: &[P::ScalarField]) -> Projective<P> {
    // Signed scalars: the smaller of k and r - k, zero terms dropped.
    let half = <P::ScalarField as PrimeField>::MODULUS_MINUS_ONE_DIV_TWO;
    let modulus = <P::ScalarField as PrimeField>::MODULUS;
    let terms: Vec<(Affine<P>, BigInt<P>)> = bases
        .par_iter()
        .zip(scalars.par_iter())
        .filter(|(p, k)| !p.is_zero() && !k.is_zero())
        .map(|(p, k)| {
            let k = k.into_bigint();
            if k > half {
                let mut neg = modulus;
                neg.sub_with_borrow(&k);
                (-*p, neg)
            } else {
                (*p, k)
            }
        })
        .collect();
    if terms.is_empty() {
        return Projective::zero();
    }

    let bits = terms
        .par_iter()
        .map(|(_, k)| k.num_bits() as usize)
        .max()
        .unwrap_or(0);
    let c = window_bits(terms.len());
    // One window more than the bits need, for the carry out of the top digit.
    let windows = bits / c + 1;
    let digits = signed_digits::<P>(&terms, c, windows);
    let n = terms.len();

    let sums: Vec<Projective<P>> = (0..windows)
        .into_par_iter()
        .map(|w| window_sum(&terms, &digits[w * n..(w + 1) * n], c))
        .collect();

    // sum_w 2^(c w) S_w, by Horner's rule from the top window down.
    let mut acc = Projective::<P>::zero();
    for s in sums.iter().rev() {
        for _ in 0..c {
            acc.double_in_place();
        }
        acc += s;
    }
    acc
}

/// Window width for `n` terms: affine bucket additions are cheap, so the window is a little
/// narrower than for projective buckets.
fn window_bits(n: usize) -> usize {
    if n < 32 {
        3
    } else {
        let log2 = n.ilog2() as usize;
        (log2 * 69 / 100 + 1).max(4)
    }
}

/// Signed base-`2^c` digits of every scalar, window by window: digit `w` of scalar `i` is at
/// `w * terms.len() + i`.
fn signed_digits<P: SWCurveConfig>(
    terms: &[(Affine<P>, BigInt<P>)],
    c: usize,
    windows: usize,
) -> Vec<i32> {
    let radix = 1i64 << c;
    let half = radix / 2;
    let by_scalar: Vec<i32> = terms
        .par_iter()
        .flat_map_iter(|(_, k)| {
            let limbs = k.as_ref();
            let mut carry = 0i64;
            (0..windows).map(move |w| {
                let raw = bits_at(limbs, w * c, c) as i64 + carry;
                carry = i64::from(raw > half);
                (raw - carry * radix) as i32
            })
        })
        .collect();
    // Transposed, so that each window reads its digits in order.
    let n = terms.len();
    let mut digits = vec![0i32; n * windows];
    digits.par_chunks_mut(n).enumerate().for_each(|(w, row)| {
        for (i, d) in row.iter_mut().enumerate() {
            *d = by_scalar[i * windows + w];
        }
    });
    digits
}

/// The `len` bits of `limbs` starting at bit `start` (`len < 64`), zero past the end.
fn bits_at(limbs: &[u64], start: usize, len: usize) -> u64 {
    let (limb, shift) = (start / 64, start % 64);
    let lo = limbs.get(limb).map_or(0, |l| l >> shift);
    let hi = if shift + len > 64 && shift > 0 {
        limbs.get(limb + 1).map_or(0, |l| l << (64 - shift))
    } else {
        0
    };
    (lo | hi) & ((1u64 << len) - 1)
}

/// `S_w = sum_b (b + 1) B_b` for one window, where bucket `B_b` sums the points whose digit
/// (`digits[i]` for `terms[i]`) is `b + 1`, minus those whose digit is `-(b + 1)`.
fn window_sum<P: SWCurveConfig>(
    terms: &[(Affine<P>, BigInt<P>)],
    digits: &[i32],
    c: usize,
) -> Projective<P> {
    let buckets = 1usize << (c - 1);

    // Counting sort of the points by bucket.
    let mut len = vec![0u32; buckets];
    for &d in digits {
        if d != 0 {
            len[d.unsigned_abs() as usize - 1] += 1;
        }
    }
    let mut start = Vec::with_capacity(buckets);
    let mut total = 0u32;
    for l in &len {
        start.push(total);
        total += l;
    }
    let mut points = vec![Affine::<P>::identity(); total as usize];
    let mut next = start.clone();
    for ((p, _), &d) in terms.iter().zip(digits) {
        if d != 0 {
            let b = d.unsigned_abs() as usize - 1;
            points[next[b] as usize] = if d > 0 { *p } else { -*p };
            next[b] += 1;
        }
    }

    reduce_buckets(&mut points, &start, &mut len);

    // Running sums from the top bucket down: after bucket b, `running` = sum_{j >= b} B_j,
    // and adding it once per bucket weighs B_j by j + 1.
    let mut running = Projective::<P>::zero();
    let mut sum = Projective::<P>::zero();
    for b in (0..buckets).rev() {
        if len[b] == 1 {
            running += &points[start[b] as usize];
        }
        if !running.is_zero() {
            sum += &running;
        }
    }
    sum
}

/// What one pairwise addition needs.
#[derive(Clone, Copy)]
enum Pair {
    /// `P + Q` with distinct x: the slope is `(y_Q - y_P) / (x_Q - x_P)`.
    Add,
    /// `P + P`: the slope is `(3 x^2 + a) / (2 y)`.
    Double,
    /// One operand is the identity, or `Q = -P`: no inversion.
    Trivial,
}

/// Sums each bucket's points (`points[start[b]..start[b] + len[b]]`) in place, by levels of
/// pairwise affine additions; afterwards every non-empty bucket has `len[b] = 1`.
fn reduce_buckets<P: SWCurveConfig>(points: &mut [Affine<P>], start: &[u32], len: &mut [u32]) {
    let mut kinds: Vec<Pair> = Vec::new();
    let mut denominators: Vec<P::BaseField> = Vec::new();
    let mut scratch: Vec<P::BaseField> = Vec::new();
    let mut sums: Vec<Affine<P>> = Vec::new();
    loop {
        // The pairs of this level: (2k, 2k + 1) within each bucket, in bucket order.
        kinds.clear();
        denominators.clear();
        for (s, l) in start.iter().zip(len.iter()) {
            let base = *s as usize;
            for k in 0..(*l as usize / 2) {
                let (p, q) = (&points[base + 2 * k], &points[base + 2 * k + 1]);
                let (kind, den) = classify(p, q);
                kinds.push(kind);
                denominators.push(den);
            }
        }
        if kinds.is_empty() {
            return;
        }
        invert_all(&mut denominators, &mut scratch);

        // The sums, then each bucket compacted to its first ceil(len / 2) slots.
        sums.clear();
        let mut n = 0;
        for (s, l) in start.iter().zip(len.iter()) {
            let base = *s as usize;
            for k in 0..(*l as usize / 2) {
                let (p, q) = (&points[base + 2 * k], &points[base + 2 * k + 1]);
                sums.push(add_with_inverse(p, q, kinds[n], &denominators[n]));
                n += 1;
            }
        }
        let mut n = 0;
        for (s, l) in start.iter().zip(len.iter_mut()) {
            let base = *s as usize;
            let pairs = *l as usize / 2;
            for k in 0..pairs {
                points[base + k] = sums[n];
                n += 1;
            }
            if *l % 2 == 1 {
                points[base + pairs] = points[base + *l as usize - 1];
            }
            *l = l.div_ceil(2);
        }
    }
}

/// The kind of `p + q` and the denominator of its slope (one when there is none).
fn classify<P: SWCurveConfig>(p: &Affine<P>, q: &Affine<P>) -> (Pair, P::BaseField) {
    let one = P::BaseField::ONE;
    if p.is_zero() || q.is_zero() {
        (Pair::Trivial, one)
    } else if p.x != q.x {
        (Pair::Add, q.x - p.x)
    } else if p.y == q.y && !p.y.is_zero() {
        (Pair::Double, p.y.double())
    } else {
        (Pair::Trivial, one)
    }
}

/// `p + q`, given the inverse of the slope's denominator from [`classify`].
fn add_with_inverse<P: SWCurveConfig>(
    p: &Affine<P>,
    q: &Affine<P>,
    kind: Pair,
    inverse: &P::BaseField,
) -> Affine<P> {
    let lambda = match kind {
        Pair::Add => (q.y - p.y) * inverse,
        Pair::Double => (p.x.square() * P::BaseField::from(3u64) + P::COEFF_A) * inverse,
        Pair::Trivial => {
            return if p.is_zero() {
                *q
            } else if q.is_zero() {
                *p
            } else {
                // q = -p.
                Affine::identity()
            };
        }
    };
    // x3 = lambda^2 - x_p - x_q,  y3 = lambda (x_p - x3) - y_p.
    let x3 = lambda.square() - p.x - q.x;
    let y3 = lambda * (p.x - x3) - p.y;
    Affine::new_unchecked(x3, y3)
}

/// Replaces every element of `v` (none of them zero) by its inverse, with one inversion.
fn invert_all<F: Field>(v: &mut [F], prefix: &mut Vec<F>) {
    prefix.clear();
    let mut acc = F::ONE;
    for x in v.iter() {
        prefix.push(acc);
        acc *= x;
    }
    // The denominators are differences of distinct x or doubled non-zero y: never zero.
    let mut inv = acc.inverse().unwrap_or(F::ZERO);
    for (x, before) in v.iter_mut().zip(prefix.iter()).rev() {
        let next = inv * *x;
        *x = inv * before;
        inv = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_bn254::{Fr, G1Affine, G1Projective, G2Affine, G2Projective};
    use ark_ec::{CurveGroup, VariableBaseMSM};
    use ark_ff::{One, UniformRand};
    use ark_std::test_rng;

    fn scalars(n: usize, rng: &mut impl rand_core::RngCore) -> Vec<Fr> {
        // A mix like a witness: zeros, ones, minus ones, small values, random values.
        (0..n)
            .map(|i| match i % 7 {
                0 => Fr::zero(),
                1 => Fr::one(),
                2 => -Fr::one(),
                3 => Fr::from(i as u64),
                4 => -Fr::from(i as u64 * 1_000_003),
                _ => Fr::rand(rng),
            })
            .collect()
    }

    #[test]
    fn matches_arkworks_on_g1_and_g2() {
        let mut rng = test_rng();
        for n in [0, 1, 2, 3, 31, 32, 100, 1000, 3000] {
            let k = scalars(n, &mut rng);
            let mut g1: Vec<G1Affine> = (0..n).map(|_| G1Affine::rand(&mut rng)).collect();
            if n > 4 {
                // Repeated, negated and identity bases.
                g1[1] = g1[0];
                g1[2] = -g1[0];
                g1[3] = G1Affine::identity();
            }
            let g2: Vec<G2Affine> = (0..n).map(|_| G2Affine::rand(&mut rng)).collect();
            assert_eq!(
                msm(&g1, &k),
                G1Projective::msm(&g1, &k).unwrap(),
                "G1, n = {n}"
            );
            assert_eq!(
                msm(&g2, &k),
                G2Projective::msm(&g2, &k).unwrap(),
                "G2, n = {n}"
            );
        }
    }

    #[test]
    fn equal_points_in_one_bucket_double_and_cancel() {
        let mut rng = test_rng();
        let p = G1Affine::rand(&mut rng);
        // Same base and digit many times: doublings inside the bucket tree.
        let bases = vec![p; 64];
        let ones = vec![Fr::one(); 64];
        assert_eq!(msm(&bases, &ones), (p * Fr::from(64u64)));
        // P and -P with the same scalar cancel.
        let bases = [p, -p, p];
        let k = [Fr::from(5u64); 3];
        assert_eq!(
            msm(&bases, &k).into_affine(),
            (p * Fr::from(5u64)).into_affine()
        );
    }

    #[test]
    fn extreme_scalars() {
        let mut rng = test_rng();
        let bases: Vec<G1Affine> = (0..40).map(|_| G1Affine::rand(&mut rng)).collect();
        let half = Fr::from_bigint(<Fr as PrimeField>::MODULUS_MINUS_ONE_DIV_TWO).unwrap();
        let k: Vec<Fr> = (0..40)
            .map(|i| match i % 4 {
                0 => half,
                1 => half + Fr::one(),
                2 => -Fr::from(2u64),
                _ => Fr::from(u64::MAX),
            })
            .collect();
        assert_eq!(msm(&bases, &k), G1Projective::msm(&bases, &k).unwrap());
    }
}
