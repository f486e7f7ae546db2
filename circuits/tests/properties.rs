//! Property tests: the circuit's comparisons and signature check agree with native
//! arithmetic, and the request's age ranges agree with the calendar rule, on random inputs.

use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::ConstraintSystem;
use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use zkcred_circuits::{
    gadgets::{
        edwards::PointVar,
        range,
        signature::{self, SignatureVar},
    },
    Fr,
};
use zkcred_core::{
    date, encoding,
    signature::{PublicKey, SecretKey, Signature},
    statement::Test,
    Disclosure, Request, Shape,
};

/// `lo <= v <= hi` as the statement checks it, with `v` a witness and the bounds inputs.
fn circuit_between(v: Fr, lo: u64, hi: u64) -> bool {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let v = FpVar::new_witness(cs.clone(), || Ok(v)).unwrap();
    let lo = FpVar::new_input(cs.clone(), || Ok(Fr::from(lo))).unwrap();
    let hi = FpVar::new_input(cs.clone(), || Ok(Fr::from(hi))).unwrap();
    range::enforce_u64(&v).unwrap();
    range::enforce_le(&lo, &v).unwrap();
    range::enforce_le(&v, &hi).unwrap();
    cs.is_satisfied().unwrap()
}

/// The bit of `lo <= v <= hi` as positions compute it, or `None` if the system is unsatisfied.
fn circuit_in_range(v: Fr, lo: u128, hi: u128) -> Option<bool> {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let v = FpVar::new_witness(cs.clone(), || Ok(v)).unwrap();
    let lo = FpVar::new_input(cs.clone(), || Ok(Fr::from(lo))).unwrap();
    let hi = FpVar::new_input(cs.clone(), || Ok(Fr::from(hi))).unwrap();
    let t = range::in_range(&v, &lo, &hi).unwrap();
    cs.is_satisfied().unwrap().then(|| t.value().unwrap())
}

/// The in-circuit signature check on `sig` for `m` under `key`; a refusal by the witness
/// generator counts as a failure.
fn circuit_verifies(key: &PublicKey, sig: &Signature, m: Fr) -> bool {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let a = key.point();
    let av = PointVar {
        x: FpVar::new_input(cs.clone(), || Ok(a.x)).unwrap(),
        y: FpVar::new_input(cs.clone(), || Ok(a.y)).unwrap(),
    };
    let mv = FpVar::new_witness(cs.clone(), || Ok(m)).unwrap();
    let sv = SignatureVar::new_witness(cs.clone(), Some(sig)).unwrap();
    signature::verify(&av, &sv, &mv).is_ok() && cs.is_satisfied().unwrap()
}

fn day(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + Duration::days(offset)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn range_check_agrees_with_native(v: u64, lo: u64, hi: u64) {
        prop_assert_eq!(circuit_between(Fr::from(v), lo, hi), lo <= v && v <= hi);
    }

    #[test]
    fn values_outside_u64_never_pass(k in 1u64.., lo: u64, hi: u64) {
        // v = p - k and v = 2^64 + k: both wrap or overflow, neither is a 64-bit value.
        prop_assert!(!circuit_between(-Fr::from(k), lo, hi));
        prop_assert!(!circuit_between(Fr::from(u64::MAX) + Fr::from(k), lo, hi));
    }

    #[test]
    fn age_ranges_agree_with_the_calendar(birth in 0i64..60_000, on in 0i64..60_000, years in 0u32..120) {
        let (birth, on) = (day(birth), day(on));
        let text = format!(
            r#"{{"verifier": "v", "nonce": "0123456789abcdef", "date": "{on}",
                "credentialSubject": {{"birthDate": {{"$ageAtLeast": {years}}}}}}}"#
        );
        let request = Request::from_json(text.as_bytes()).unwrap();
        let issuer = SecretKey::from_seed([1; 32]).public();
        let Ok(statement) = request.statement(issuer, &Shape::STANDARD, &Disclosure::default())
        else {
            return Ok(());
        };
        let Test::Range { lo, hi, .. } = statement.clauses[0][0] else {
            panic!("an age is a range test");
        };
        let v = u128::from(encoding::offset_binary(encoding::days_since_epoch(birth)));
        prop_assert_eq!((lo..=hi).contains(&v), date::age_at_least(birth, on, years));
        prop_assert_eq!(circuit_in_range(Fr::from(v), lo, hi), Some(date::age_at_least(birth, on, years)));
    }

    #[test]
    fn test_ranges_agree_with_native(v: u128, lo: u128, hi: u128) {
        let (lo, hi) = (lo.min(hi), lo.max(hi));
        prop_assert_eq!(circuit_in_range(Fr::from(v), lo, hi), Some(lo <= v && v <= hi));
    }

    #[test]
    fn test_ranges_refuse_wrapped_values(k in 1u128.., lo: u128, hi: u128) {
        let (lo, hi) = (lo.min(hi), lo.max(hi));
        // p - k never passes; it may leave the system unsatisfied or the test false.
        prop_assert_ne!(circuit_in_range(-Fr::from(k), lo, hi), Some(true));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn signature_check_agrees_with_native(
        seed: [u8; 32],
        other: [u8; 32],
        m: [u64; 4],
        tweak in 0u8..4,
        delta in 1u64..,
    ) {
        let sk = SecretKey::from_seed(seed);
        let key = sk.public();
        let m = Fr::from(m[0]) + Fr::from(m[1]) * Fr::from(u64::MAX) + Fr::from(m[2] ^ m[3]);
        let mut sig = sk.sign(m);
        let mut msg = m;
        let mut signer = key;
        match tweak {
            0 => {}
            1 => sig.s += ark_ed_on_bn254::Fr::from(delta),
            2 => msg += Fr::from(delta),
            _ => signer = SecretKey::from_seed(other).public(),
        }
        let native = signer.verify(msg, &sig).is_ok();
        prop_assert_eq!(circuit_verifies(&signer, &sig, msg), native);
        prop_assert_eq!(native, tweak == 0 || (tweak == 3 && seed == other));
    }
}
