//! The witness map of Groth16: the coefficients of `h = (A z * B z - C z) / Z`, as
//! `ark_groth16`'s `LibsnarkReduction::witness_map_from_matrices` computes them, with
//! radix-2 FFTs over tables kept from one proof to the next.
//!
//! The domain is arkworks' radix-2 domain of the same size (its generator `w`), and the coset
//! is `g w^i` for the field's multiplicative generator `g`, so `h` is arkworks' `h`, value for
//! value. Its steps: the evaluations of `A z` and `B z` on the domain (the instance `x` after
//! the constraints in `A z`), interpolated and evaluated on the coset; likewise `C z`; then
//! `(a b - c) / Z(g)` on the coset (`Z(g w^i) = g^n - 1` for every `i`), interpolated. The
//! three chains for `A`, `B` and `C` run in parallel.

use std::sync::OnceLock;

use ark_bn254::Fr;
use ark_ff::{FftField, Field, One, Zero};
use ark_poly::{EvaluationDomain, Radix2EvaluationDomain};
use ark_relations::gr1cs::{Matrix, SynthesisError};

/// Twiddles and coset powers for one domain size.
struct Tables {
    /// `w^i` for `i < n / 2`.
    forward: Vec<Fr>,
    /// `w^-i` for `i < n / 2`.
    inverse: Vec<Fr>,
    /// `g^i / n` for `i < n`: the inverse transform's scaling folded into the coset's powers.
    coset_scaled: Vec<Fr>,
    /// `g^-i / n` for `i < n`.
    coset_inverse_scaled: Vec<Fr>,
    /// `1 / (g^n - 1)`.
    vanishing_inverse: Fr,
}

/// The tables for a domain of `2^log_n` points, built on first use.
fn tables(log_n: u32) -> Option<&'static Tables> {
    static CACHE: [OnceLock<Option<Tables>>; 29] = [const { OnceLock::new() }; 29];
    CACHE
        .get(log_n as usize)?
        .get_or_init(|| {
            let n = 1usize << log_n;
            let domain = Radix2EvaluationDomain::<Fr>::new(n)?;
            let powers = |base: Fr, count: usize| {
                let mut v = Vec::with_capacity(count);
                let mut x = Fr::one();
                for _ in 0..count {
                    v.push(x);
                    x *= base;
                }
                v
            };
            let g = Fr::GENERATOR;
            let g_inverse = g.inverse()?;
            let scaled = |base: Fr| {
                let mut v = powers(base, n);
                for x in &mut v {
                    *x *= domain.size_inv;
                }
                v
            };
            Some(Tables {
                forward: powers(domain.group_gen, n / 2),
                inverse: powers(domain.group_gen_inv, n / 2),
                coset_scaled: scaled(g),
                coset_inverse_scaled: scaled(g_inverse),
                vanishing_inverse: (g.pow([n as u64]) - Fr::one()).inverse()?,
            })
        })
        .as_ref()
}

/// `h`'s coefficients for the full assignment `z` (the constant one first, then the instance,
/// then the witness), over a domain of at least `num_constraints + num_inputs` points.
pub fn witness_map(
    matrices: &[Matrix<Fr>],
    num_inputs: usize,
    num_constraints: usize,
    z: &[Fr],
) -> Result<Vec<Fr>, SynthesisError> {
    let too_large = SynthesisError::PolynomialDegreeTooLarge;
    let n = (num_constraints + num_inputs)
        .checked_next_power_of_two()
        .ok_or(too_large)?;
    let t = tables(n.trailing_zeros()).ok_or(too_large)?;
    if matrices.len() != 3
        || matrices.iter().any(|m| m.len() < num_constraints)
        || z.len() < num_inputs
    {
        return Err(SynthesisError::Unsatisfiable);
    }
    let row = |m: &Matrix<Fr>, i: usize| -> Result<Fr, SynthesisError> {
        m[i].iter()
            .try_fold(Fr::zero(), |acc, (coefficient, column)| {
                let value = z.get(*column).ok_or(SynthesisError::Unsatisfiable)?;
                Ok(acc
                    + if coefficient.is_one() {
                        *value
                    } else {
                        *value * coefficient
                    })
            })
    };
    // The evaluations of one matrix times z on the domain, moved to the coset.
    let on_coset = |which: usize| -> Result<Vec<Fr>, SynthesisError> {
        let mut v = vec![Fr::zero(); n];
        for (i, slot) in v.iter_mut().take(num_constraints).enumerate() {
            *slot = row(&matrices[which], i)?;
        }
        if which == 0 {
            v[num_constraints..num_constraints + num_inputs].copy_from_slice(&z[..num_inputs]);
        }
        // Interpolate (an inverse transform, scaled by 1/n), then evaluate at g w^i.
        fft(&mut v, &t.inverse);
        for (x, s) in v.iter_mut().zip(&t.coset_scaled) {
            *x *= s;
        }
        fft(&mut v, &t.forward);
        Ok(v)
    };
    let (a, (b, c)) = rayon::join(
        || on_coset(0),
        || rayon::join(|| on_coset(1), || on_coset(2)),
    );
    let (mut h, b, c) = (a?, b?, c?);
    for ((h, b), c) in h.iter_mut().zip(&b).zip(&c) {
        *h = (*h * b - c) * t.vanishing_inverse;
    }
    // Back to coefficients: inverse transform, then undo the coset's powers.
    fft(&mut h, &t.inverse);
    for (x, s) in h.iter_mut().zip(&t.coset_inverse_scaled) {
        *x *= s;
    }
    Ok(h)
}

/// In-place radix-2 transform of `v` (length a power of two): `v_k <- sum_j v_j r^(jk)`,
/// with `twiddles[i] = r^i` for `i < len / 2`.
fn fft(v: &mut [Fr], twiddles: &[Fr]) {
    let n = v.len();
    if n <= 1 {
        return;
    }
    let log_n = n.trailing_zeros();
    for i in 0..n {
        let j = i.reverse_bits() >> (usize::BITS - log_n);
        if i < j {
            v.swap(i, j);
        }
    }
    let mut half = 1;
    while half < n {
        let stride = n / (2 * half);
        for block in v.chunks_exact_mut(2 * half) {
            let (low, high) = block.split_at_mut(half);
            // The first butterfly's twiddle is one.
            let (u, t) = (low[0], high[0]);
            low[0] = u + t;
            high[0] = u - t;
            for j in 1..half {
                let t = high[j] * twiddles[j * stride];
                let u = low[j];
                low[j] = u + t;
                high[j] = u - t;
            }
        }
        half *= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_groth16::r1cs_to_qap::{LibsnarkReduction, R1CSToQAP};
    use ark_poly::GeneralEvaluationDomain;
    use ark_std::UniformRand;

    #[test]
    fn transforms_match_arkworks() {
        let mut rng = ark_std::test_rng();
        for log_n in [1u32, 2, 3, 7, 10] {
            let n = 1 << log_n;
            let domain = Radix2EvaluationDomain::<Fr>::new(n).unwrap();
            let t = tables(log_n).unwrap();
            let coefficients: Vec<Fr> = (0..n).map(|_| Fr::rand(&mut rng)).collect();
            let mut ours = coefficients.clone();
            fft(&mut ours, &t.forward);
            assert_eq!(ours, domain.fft(&coefficients), "n = {n}");
            fft(&mut ours, &t.inverse);
            for x in &mut ours {
                *x *= domain.size_inv;
            }
            assert_eq!(ours, coefficients, "n = {n}");
        }
    }

    #[test]
    fn witness_map_matches_arkworks() {
        let mut rng = ark_std::test_rng();
        for (constraints, inputs, variables) in
            [(1, 1, 3), (5, 2, 9), (100, 4, 140), (700, 30, 900)]
        {
            let z: Vec<Fr> = (0..variables).map(|_| Fr::rand(&mut rng)).collect();
            let mut random_row = || {
                (0..(constraints % 5 + 1))
                    .map(|k| {
                        let coefficient = if k % 2 == 0 {
                            Fr::one()
                        } else {
                            Fr::rand(&mut rng)
                        };
                        (coefficient, (k * 7 + constraints) % variables)
                    })
                    .collect::<Vec<_>>()
            };
            let matrices: Vec<Matrix<Fr>> = (0..3)
                .map(|_| (0..constraints).map(|_| random_row()).collect())
                .collect();
            let stock = LibsnarkReduction::witness_map_from_matrices::<
                Fr,
                GeneralEvaluationDomain<Fr>,
            >(&matrices, inputs, constraints, &z)
            .unwrap();
            let ours = witness_map(&matrices, inputs, constraints, &z).unwrap();
            assert_eq!(ours, stock, "{constraints} constraints");
        }
    }
}
