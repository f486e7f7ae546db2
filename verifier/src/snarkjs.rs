//! snarkjs' Groth16 file formats: `proof.json`, `public.json` and `verification_key.json`.
//!
//! snarkjs writes every number as a decimal string, points in affine form with a trailing
//! `z` coordinate (`[x, y, "1"]` in G1, `[[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]]` in G2),
//! and names the curve `bn128`. The readers here accept exactly what the writers produce:
//! canonical decimals below their field's modulus (never reduced), affine points on the curve
//! and in the prime-order subgroup, and no identity point.

use ark_bn254::{Bn254, Fq, Fq12, Fq2, Fq6, Fr, G1Affine, G2Affine};
use ark_ec::{pairing::Pairing, AffineRepr};
use ark_ff::PrimeField;
use ark_groth16::Proof;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use zkcred_core::field::{fr_from_decimal, fr_to_decimal};

use crate::key::VerifyingKey;

/// snarkjs' name for the protocol.
pub const PROTOCOL: &str = "groth16";
/// snarkjs' name for BN254.
pub const CURVE: &str = "bn128";

/// A G1 point: `[x, y, z]`.
pub type G1Json = [String; 3];
/// A G2 point: `[[x.c0, x.c1], [y.c0, y.c1], [z.c0, z.c1]]`.
pub type G2Json = [[String; 2]; 3];
/// An element of the pairing's target group, `Fq12 = Fq6[w] / (w^2 - v)`, as nested
/// coefficients `[c0, c1]` of `Fq6 = Fq2[v] / (v^3 - (9 + u))`, each `[c0, c1, c2]` of `Fq2`.
pub type Fq12Json = [[[String; 2]; 3]; 2];

/// Why a snarkjs file was refused.
#[derive(Debug, Error)]
pub enum SnarkjsError {
    /// The file is not JSON of the expected shape.
    #[error("{what}: {problem}")]
    Shape {
        /// Which file.
        what: &'static str,
        /// What is wrong.
        problem: String,
    },
    /// A number is not a canonical decimal below its field's modulus.
    #[error(transparent)]
    Number(#[from] zkcred_core::Error),
    /// A point is not an affine point of the prime-order subgroup, or is the identity.
    #[error("{what}: {problem}")]
    Point {
        /// Which point.
        what: &'static str,
        /// Why it was refused.
        problem: &'static str,
    },
}

/// `proof.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProofJson {
    /// The proof's `A`, in G1.
    pub pi_a: G1Json,
    /// The proof's `B`, in G2.
    pub pi_b: G2Json,
    /// The proof's `C`, in G1.
    pub pi_c: G1Json,
    /// Always [`PROTOCOL`].
    pub protocol: String,
    /// Always [`CURVE`].
    pub curve: String,
}

/// `verification_key.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifyingKeyJson {
    /// Always [`PROTOCOL`].
    pub protocol: String,
    /// Always [`CURVE`].
    pub curve: String,
    /// The number of public inputs, one fewer than `IC` has points.
    #[serde(rename = "nPublic")]
    pub n_public: usize,
    /// `alpha` in G1.
    pub vk_alpha_1: G1Json,
    /// `beta` in G2.
    pub vk_beta_2: G2Json,
    /// `gamma` in G2.
    pub vk_gamma_2: G2Json,
    /// `delta` in G2.
    pub vk_delta_2: G2Json,
    /// `e(alpha, beta)`, which snarkjs precomputes (its verifier does not read it).
    pub vk_alphabeta_12: Fq12Json,
    /// The input bases `gamma_abc`: the constant's first, then one per public input.
    #[serde(rename = "IC")]
    pub ic: Vec<G1Json>,
}

/// `proof.json` for a proof.
pub fn proof_to_json(proof: &Proof<Bn254>) -> ProofJson {
    ProofJson {
        pi_a: g1_to_json(&proof.a),
        pi_b: g2_to_json(&proof.b),
        pi_c: g1_to_json(&proof.c),
        protocol: PROTOCOL.into(),
        curve: CURVE.into(),
    }
}

/// `public.json` for public inputs (without the constant 1 that Groth16 prepends).
pub fn public_to_json(inputs: &[Fr]) -> Vec<String> {
    inputs.iter().map(fr_to_decimal).collect()
}

/// `verification_key.json` for a vetted verifying key.
pub fn verifying_key_to_json(key: &VerifyingKey) -> VerifyingKeyJson {
    let vk = &key.pvk.vk;
    let alphabeta = Bn254::pairing(vk.alpha_g1, vk.beta_g2).0;
    VerifyingKeyJson {
        protocol: PROTOCOL.into(),
        curve: CURVE.into(),
        n_public: vk.gamma_abc_g1.len().saturating_sub(1),
        vk_alpha_1: g1_to_json(&vk.alpha_g1),
        vk_beta_2: g2_to_json(&vk.beta_g2),
        vk_gamma_2: g2_to_json(&vk.gamma_g2),
        vk_delta_2: g2_to_json(&vk.delta_g2),
        vk_alphabeta_12: fq12_to_json(&alphabeta),
        ic: vk.gamma_abc_g1.iter().map(g1_to_json).collect(),
    }
}

/// Reads `proof.json`.
pub fn proof_from_json(bytes: &[u8]) -> Result<Proof<Bn254>, SnarkjsError> {
    let p: ProofJson = from_json("proof.json", bytes)?;
    check_names("proof.json", &p.protocol, &p.curve)?;
    Ok(Proof {
        a: g1_from_json("proof.json pi_a", &p.pi_a)?,
        b: g2_from_json("proof.json pi_b", &p.pi_b)?,
        c: g1_from_json("proof.json pi_c", &p.pi_c)?,
    })
}

/// Reads `public.json`: an array of canonical decimal strings below the scalar modulus.
pub fn public_from_json(bytes: &[u8]) -> Result<Vec<Fr>, SnarkjsError> {
    let strings: Vec<String> = from_json("public.json", bytes)?;
    strings
        .iter()
        .enumerate()
        .map(|(i, s)| Ok(fr_from_decimal(&format!("public.json input {i}"), s)?))
        .collect()
}

/// Reads `verification_key.json` into an arkworks key, checking `nPublic` against `IC` and
/// `vk_alphabeta_12` against `e(alpha, beta)`.
///
/// This checks the encoding only; it does not vet the key as [`VerifyingKey::from_files`] does.
pub fn verifying_key_from_json(
    bytes: &[u8],
) -> Result<ark_groth16::VerifyingKey<Bn254>, SnarkjsError> {
    const WHAT: &str = "verification_key.json";
    let k: VerifyingKeyJson = from_json(WHAT, bytes)?;
    check_names(WHAT, &k.protocol, &k.curve)?;
    if k.ic.len() != k.n_public + 1 {
        return Err(shape(WHAT, "IC must hold nPublic + 1 points"));
    }
    let vk = ark_groth16::VerifyingKey {
        alpha_g1: g1_from_json("vk_alpha_1", &k.vk_alpha_1)?,
        beta_g2: g2_from_json("vk_beta_2", &k.vk_beta_2)?,
        gamma_g2: g2_from_json("vk_gamma_2", &k.vk_gamma_2)?,
        delta_g2: g2_from_json("vk_delta_2", &k.vk_delta_2)?,
        gamma_abc_g1: k
            .ic
            .iter()
            .map(|p| g1_from_json("IC", p))
            .collect::<Result<_, _>>()?,
    };
    if fq12_to_json(&Bn254::pairing(vk.alpha_g1, vk.beta_g2).0) != k.vk_alphabeta_12 {
        return Err(shape(WHAT, "vk_alphabeta_12 is not e(alpha, beta)"));
    }
    Ok(vk)
}

fn from_json<T: serde::de::DeserializeOwned>(
    what: &'static str,
    bytes: &[u8],
) -> Result<T, SnarkjsError> {
    serde_json::from_slice(bytes).map_err(|e| shape(what, e.to_string()))
}

fn shape(what: &'static str, problem: impl Into<String>) -> SnarkjsError {
    SnarkjsError::Shape {
        what,
        problem: problem.into(),
    }
}

fn check_names(what: &'static str, protocol: &str, curve: &str) -> Result<(), SnarkjsError> {
    if protocol != PROTOCOL || curve != CURVE {
        return Err(shape(what, "not a groth16 file on bn128"));
    }
    Ok(())
}

fn fq_to_json(x: &Fq) -> String {
    x.into_bigint().to_string()
}

fn fq2_to_json(x: &Fq2) -> [String; 2] {
    [fq_to_json(&x.c0), fq_to_json(&x.c1)]
}

fn fq6_to_json(x: &Fq6) -> [[String; 2]; 3] {
    [fq2_to_json(&x.c0), fq2_to_json(&x.c1), fq2_to_json(&x.c2)]
}

fn fq12_to_json(x: &Fq12) -> Fq12Json {
    [fq6_to_json(&x.c0), fq6_to_json(&x.c1)]
}

fn g1_to_json(p: &G1Affine) -> G1Json {
    match p.xy() {
        Some((x, y)) => [fq_to_json(&x), fq_to_json(&y), "1".into()],
        None => ["0".into(), "1".into(), "0".into()],
    }
}

fn g2_to_json(p: &G2Affine) -> G2Json {
    let one = ["1".to_string(), "0".to_string()];
    match p.xy() {
        Some((x, y)) => [fq2_to_json(&x), fq2_to_json(&y), one],
        None => [["0".into(), "0".into()], one, ["0".into(), "0".into()]],
    }
}

fn fq_from_json(what: &'static str, s: &str) -> Result<Fq, SnarkjsError> {
    Ok(zkcred_core::field::from_decimal(what, s)?)
}

fn fq2_from_json(what: &'static str, c: &[String; 2]) -> Result<Fq2, SnarkjsError> {
    Ok(Fq2::new(
        fq_from_json(what, &c[0])?,
        fq_from_json(what, &c[1])?,
    ))
}

fn g1_from_json(what: &'static str, p: &G1Json) -> Result<G1Affine, SnarkjsError> {
    let refuse = |problem| SnarkjsError::Point { what, problem };
    if p[2] != "1" {
        return Err(refuse("not an affine point (z must be \"1\")"));
    }
    let point = G1Affine::new_unchecked(fq_from_json(what, &p[0])?, fq_from_json(what, &p[1])?);
    // G1 has cofactor 1: a point on the curve is in the subgroup.
    if !point.is_on_curve() {
        return Err(refuse("not on the curve"));
    }
    Ok(point)
}

fn g2_from_json(what: &'static str, p: &G2Json) -> Result<G2Affine, SnarkjsError> {
    let refuse = |problem| SnarkjsError::Point { what, problem };
    if p[2] != ["1", "0"] {
        return Err(refuse("not an affine point (z must be [\"1\", \"0\"])"));
    }
    let point = G2Affine::new_unchecked(fq2_from_json(what, &p[0])?, fq2_from_json(what, &p[1])?);
    if !point.is_on_curve() {
        return Err(refuse("not on the curve"));
    }
    if !point.is_in_correct_subgroup_assuming_on_curve() {
        return Err(refuse("not in the prime-order subgroup"));
    }
    Ok(point)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::CurveGroup;
    use ark_ff::BigInteger;

    /// A proof of nothing in particular: three multiples of the generators.
    fn points() -> Proof<Bn254> {
        Proof {
            a: (G1Affine::generator() * Fr::from(3u64)).into_affine(),
            b: (G2Affine::generator() * Fr::from(5u64)).into_affine(),
            c: (G1Affine::generator() * Fr::from(7u64)).into_affine(),
        }
    }

    fn json(v: &impl Serialize) -> Vec<u8> {
        serde_json::to_vec(v).unwrap()
    }

    #[test]
    fn proof_round_trip_and_shape() {
        let proof = points();
        let j = proof_to_json(&proof);
        assert_eq!(j.pi_a[2], "1");
        assert_eq!(j.pi_b[2], ["1", "0"]);
        let text = String::from_utf8(json(&j)).unwrap();
        assert!(text.starts_with(r#"{"pi_a":["#), "{text}");
        assert!(
            text.ends_with(r#""protocol":"groth16","curve":"bn128"}"#),
            "{text}"
        );
        assert_eq!(proof_from_json(text.as_bytes()).unwrap(), proof);
    }

    #[test]
    fn public_inputs_are_strict() {
        const R: &str =
            "21888242871839275222246405745257275088548364400416034343698204186575808495617";
        let r_minus_1 =
            "21888242871839275222246405745257275088548364400416034343698204186575808495616";
        let ok = format!(r#"["0", "1", "{r_minus_1}"]"#);
        assert_eq!(
            public_from_json(ok.as_bytes()).unwrap(),
            vec![Fr::from(0u64), Fr::from(1u64), -Fr::from(1u64)]
        );
        let r_plus_1 =
            "21888242871839275222246405745257275088548364400416034343698204186575808495618";
        let two_256 =
            "115792089237316195423570985008687907853269984665640564039457584007913129639936";
        for bad in [R, r_plus_1, two_256, "01", "-1", "+1", " 1", "1.0", ""] {
            let text = format!(r#"["{bad}"]"#);
            assert!(
                public_from_json(text.as_bytes()).is_err(),
                "accepted {bad:?}"
            );
        }
        // Numbers must be strings, as snarkjs writes them.
        assert!(public_from_json(b"[1]").is_err());
        assert!(public_from_json(b"{}").is_err());
    }

    #[test]
    fn proof_points_are_strict() {
        let good = proof_to_json(&points());

        // A coordinate plus the base modulus names the same residue but is not canonical.
        let mut p = good.clone();
        let mut x = points().a.x().unwrap().into_bigint();
        assert!(!x.add_with_carry(&Fq::MODULUS));
        p.pi_a[0] = x.to_string();
        assert!(matches!(
            proof_from_json(&json(&p)),
            Err(SnarkjsError::Number(_))
        ));

        let mut p = good.clone();
        p.pi_a[1] = "1".into();
        assert!(matches!(
            proof_from_json(&json(&p)),
            Err(SnarkjsError::Point { .. })
        ));

        let mut p = good.clone();
        p.pi_c = g1_to_json(&G1Affine::zero());
        assert!(proof_from_json(&json(&p)).is_err());

        let mut p = good.clone();
        p.pi_b[2] = ["2".into(), "0".into()];
        assert!(proof_from_json(&json(&p)).is_err());

        let mut p = good.clone();
        p.curve = "bls12381".into();
        assert!(proof_from_json(&json(&p)).is_err());

        // A point of the twist that is on the curve but outside the prime-order subgroup.
        let mut p = good;
        p.pi_b = g2_to_json(&off_subgroup_g2());
        assert!(matches!(
            proof_from_json(&json(&p)),
            Err(SnarkjsError::Point {
                problem: "not in the prime-order subgroup",
                ..
            })
        ));
    }

    /// The first point found on the twist `y^2 = x^3 + b'` with `x = (k, 0)` that is not in
    /// the prime-order subgroup (the twist's cofactor is large, so nearly every point is).
    fn off_subgroup_g2() -> G2Affine {
        use ark_ec::short_weierstrass::SWCurveConfig;
        use ark_ff::Field;
        (1u64..)
            .find_map(|k| {
                let x = Fq2::new(Fq::from(k), Fq::from(0u64));
                let rhs = x.square() * x + ark_bn254::g2::Config::COEFF_B;
                let p = G2Affine::new_unchecked(x, rhs.sqrt()?);
                (!p.is_in_correct_subgroup_assuming_on_curve()).then_some(p)
            })
            .expect("the twist has points outside the subgroup")
    }
}

#[cfg(test)]
mod key_tests {
    use super::*;
    use crate::solidity::tests::key;

    #[test]
    fn verifying_key_round_trip() {
        for n in [0, 11] {
            let key = key(n);
            let j = verifying_key_to_json(&key);
            assert_eq!(j.n_public, n);
            assert_eq!(j.ic.len(), n + 1);
            let bytes = serde_json::to_vec(&j).unwrap();
            assert!(key.matches(&verifying_key_from_json(&bytes).unwrap()));

            let mut bad = j.clone();
            bad.n_public += 1;
            assert!(verifying_key_from_json(&serde_json::to_vec(&bad).unwrap()).is_err());
            let mut bad = j.clone();
            bad.vk_alphabeta_12[0][0][0] = "1".into();
            assert!(verifying_key_from_json(&serde_json::to_vec(&bad).unwrap()).is_err());
        }
    }
}
