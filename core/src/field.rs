//! Strict conversions between numbers in files and field elements.
//!
//! `ark_bn254::Fr::from_str` reduces its input modulo r, so that r + 1 parses as 1. Nothing
//! here reduces: a number at or above the modulus, a sign, a leading zero or a non-digit is an
//! error.

use ark_ff::{BigInt, BigInteger, PrimeField};

use crate::error::{Error, Result};
use crate::Fr;

/// Parses a canonical decimal string (no sign, no leading zeros, below the modulus).
pub fn fr_from_decimal(what: &str, s: &str) -> Result<Fr> {
    from_decimal(what, s)
}

/// Parses a canonical decimal string into any field of at most 256 bits, such as BN254's
/// base field for curve coordinates; the same rules as [`fr_from_decimal`].
pub fn from_decimal<F: PrimeField<BigInt = BigInt<4>>>(what: &str, s: &str) -> Result<F> {
    let refuse = |problem| Error::FieldElement {
        what: what.to_string(),
        problem,
    };
    if s.is_empty() {
        return Err(refuse("empty number"));
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(refuse("not a decimal number of digits only"));
    }
    if s.len() > 1 && s.starts_with('0') {
        return Err(refuse("leading zeros are not canonical"));
    }
    if s.len() > 78 {
        return Err(refuse("number at or above the field modulus"));
    }
    // Accumulate in a 320-bit big integer so that nothing wraps before the modulus check.
    let mut limbs = [0u64; 5];
    for digit in s.bytes().map(|b| u64::from(b - b'0')) {
        let mut carry = digit as u128;
        for limb in limbs.iter_mut() {
            let v = (*limb as u128) * 10 + carry;
            *limb = v as u64;
            carry = v >> 64;
        }
    }
    if limbs[4] != 0 {
        return Err(refuse("number at or above the field modulus"));
    }
    let big = BigInt::<4>([limbs[0], limbs[1], limbs[2], limbs[3]]);
    F::from_bigint(big).ok_or_else(|| refuse("number at or above the field modulus"))
}

/// Writes a field element as its canonical decimal string.
pub fn fr_to_decimal(x: &Fr) -> String {
    x.into_bigint().to_string()
}

/// Interprets 32 big-endian bytes as a field element, refusing values at or above the modulus.
pub fn fr_from_be_bytes(what: &str, bytes: &[u8; 32]) -> Result<Fr> {
    let big = <Fr as PrimeField>::BigInt::from_bits_be(
        &bytes
            .iter()
            .flat_map(|b| (0..8).rev().map(move |i| (b >> i) & 1 == 1))
            .collect::<Vec<_>>(),
    );
    Fr::from_bigint(big).ok_or_else(|| Error::FieldElement {
        what: what.to_string(),
        problem: "value at or above the field modulus",
    })
}

/// The field element with the given 128-bit value.
pub fn fr_from_u128(v: u128) -> Fr {
    Fr::from(v)
}

/// The integer value of a field element if it is below 2^64.
pub fn fr_to_u64(x: &Fr) -> Option<u64> {
    let big = x.into_bigint();
    (big.0[1] == 0 && big.0[2] == 0 && big.0[3] == 0).then_some(big.0[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    const R: &str = "21888242871839275222246405745257275088548364400416034343698204186575808495617";

    #[test]
    fn decimal_round_trip() {
        for s in ["0", "1", "18446744073709551616", &(R.to_string())[..76]] {
            assert_eq!(fr_to_decimal(&fr_from_decimal("x", s).unwrap()), s);
        }
        let r_minus_1 =
            "21888242871839275222246405745257275088548364400416034343698204186575808495616";
        assert_eq!(fr_from_decimal("x", r_minus_1).unwrap(), -Fr::from(1u64));
    }

    #[test]
    fn refuses_what_arkworks_would_reduce() {
        let r_plus_1 =
            "21888242871839275222246405745257275088548364400416034343698204186575808495618";
        for bad in [
            R,
            r_plus_1,
            // 2^256 and 2^256 - 1: the first wraps a 256-bit accumulator to 0.
            "115792089237316195423570985008687907853269984665640564039457584007913129639936",
            "115792089237316195423570985008687907853269984665640564039457584007913129639935",
            "",
            "-1",
            "+1",
            "01",
            "1e3",
            " 1",
            &"9".repeat(78),
            &"9".repeat(200),
        ] {
            assert!(fr_from_decimal("x", bad).is_err(), "accepted {bad:?}");
        }
    }

    #[test]
    fn base_field_refuses_its_own_modulus() {
        const Q: &str =
            "21888242871839275222246405745257275088696311157297823662689037894645226208583";
        let q_minus_1 =
            "21888242871839275222246405745257275088696311157297823662689037894645226208582";
        assert_eq!(
            from_decimal::<ark_bn254::Fq>("x", q_minus_1).unwrap(),
            -ark_bn254::Fq::from(1u64)
        );
        // r < q: the scalar modulus is a valid coordinate, the base modulus is not.
        assert!(from_decimal::<ark_bn254::Fq>("x", R).is_ok());
        for bad in [Q, "-0", "00", &format!("0{q_minus_1}")] {
            assert!(from_decimal::<ark_bn254::Fq>("x", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn be_bytes_refuse_modulus() {
        assert!(fr_from_be_bytes("x", &[0xff; 32]).is_err());
        let mut one = [0u8; 32];
        one[31] = 1;
        assert_eq!(fr_from_be_bytes("x", &one).unwrap(), Fr::from(1u64));
    }
}
