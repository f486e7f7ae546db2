//! Poseidon over BN254's scalar field with circomlib's parameters (x^5, t = inputs + 1).

use std::sync::OnceLock;

use light_poseidon::{parameters::bn254_x5, Poseidon, PoseidonHasher, PoseidonParameters};

use crate::Fr;

/// Most inputs one Poseidon call takes (t = 13).
pub const MAX_INPUTS: usize = 12;

/// The round constants and MDS matrix for `inputs` inputs, shared with the circuit's gadget.
///
/// # Panics
/// If `inputs` is 0 or above [`MAX_INPUTS`]; callers pass compile-time arities.
pub fn parameters(inputs: usize) -> &'static PoseidonParameters<Fr> {
    assert!(
        (1..=MAX_INPUTS).contains(&inputs),
        "Poseidon arity {inputs} unsupported"
    );
    // Decoding the constants costs more than a small hash, so each arity's are kept.
    static CACHE: [OnceLock<PoseidonParameters<Fr>>; MAX_INPUTS] =
        [const { OnceLock::new() }; MAX_INPUTS];
    CACHE[inputs - 1].get_or_init(|| {
        bn254_x5::get_poseidon_parameters::<Fr>((inputs + 1) as u8)
            .expect("widths 2..=13 are supported by light-poseidon")
    })
}

/// Poseidon of 1 to 12 field elements.
///
/// # Panics
/// If `inputs` is empty or longer than [`MAX_INPUTS`]; every caller hashes a fixed arity.
pub fn hash(inputs: &[Fr]) -> Fr {
    let p = parameters(inputs.len());
    let owned = PoseidonParameters::new(
        p.ark.clone(),
        p.mds.clone(),
        p.full_rounds,
        p.partial_rounds,
        p.width,
        p.alpha,
    );
    let mut h = Poseidon::<Fr>::new(owned);
    h.hash(inputs).expect("arity matches the parameters")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ff::{BigInteger, PrimeField};

    #[test]
    fn matches_circomlib_vector() {
        // circomlib's published test vector: Poseidon([1, 2]).
        let h = hash(&[Fr::from(1u64), Fr::from(2u64)]);
        let hex = hex::encode(h.into_bigint().to_bytes_be());
        assert_eq!(
            hex,
            "115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189a"
        );
    }
}
