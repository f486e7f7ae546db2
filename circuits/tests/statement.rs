//! The whole statement: honest witnesses satisfy it; witnesses built by hand to cheat do not.

use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem};
use zkcred_circuits::{statement::constraint_count, CredentialCircuit, Fr, Witness, WitnessError};
use zkcred_core::{
    credential::{Credential, SignedCredential},
    holder::HolderSecret,
    signature::SecretKey,
    Request, Shape,
};

const SHAPE: Shape = Shape::STANDARD;

const VC: &str = r#"{
  "@context": ["https://www.w3.org/ns/credentials/v2"],
  "type": ["VerifiableCredential", "IdentityCredential"],
  "issuer": "did:web:issuer.example",
  "validFrom": "2024-01-01T00:00:00Z",
  "validUntil": "2030-01-01T00:00:00Z",
  "credentialSubject": {
    "birthDate": "2008-12-03",
    "givenName": "Zoë",
    "height": 171,
    "address": {"locality": "Gent"}
  }
}"#;

fn request(conditions: &str, date: &str) -> Request {
    let text = format!(
        r#"{{"verifier": "https://v.example", "nonce": "0123456789abcdef0123",
            "date": "{date}", "credentialSubject": {conditions}}}"#
    );
    Request::from_json(text.as_bytes()).unwrap()
}

struct Setup {
    issuer: SecretKey,
    holder: HolderSecret,
    signed: SignedCredential,
}

fn setup() -> Setup {
    let issuer = SecretKey::from_seed([9; 32]);
    let holder = HolderSecret::from_field(Fr::from(424242u64));
    let credential = Credential::from_json(VC.as_bytes()).unwrap();
    let signed =
        SignedCredential::issue(credential, &issuer, holder.public(), SHAPE.attributes).unwrap();
    Setup {
        issuer,
        holder,
        signed,
    }
}

fn satisfied(public_inputs: Vec<Fr>, witness: Witness) -> bool {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let circuit = CredentialCircuit {
        shape: SHAPE,
        public_inputs,
        witness: Some(witness),
    };
    match circuit.generate_constraints(cs.clone()) {
        Ok(()) => cs.is_satisfied().unwrap(),
        Err(_) => false,
    }
}

fn honest(s: &Setup, r: &Request) -> (Vec<Fr>, Result<Witness, WitnessError>) {
    let statement = r.statement(s.issuer.public(), &SHAPE).unwrap();
    let inputs = statement.public_inputs(&SHAPE).unwrap();
    (
        inputs,
        Witness::new(&s.signed, &s.holder, &statement, SHAPE),
    )
}

#[test]
fn constraint_count_is_pinned() {
    assert_eq!(constraint_count(SHAPE).unwrap(), 5763);
}

#[test]
fn exact_eighteenth_birthday_holds_and_the_day_before_does_not() {
    let s = setup();
    let (inputs, w) = honest(
        &s,
        &request(r#"{"birthDate": {"$ageAtLeast": 18}}"#, "2026-12-03"),
    );
    assert!(satisfied(inputs, w.unwrap()));
    let (_, w) = honest(
        &s,
        &request(r#"{"birthDate": {"$ageAtLeast": 18}}"#, "2026-12-02"),
    );
    assert!(matches!(w, Err(WitnessError::Unsatisfied(_))));
}

#[test]
fn false_predicate_cannot_be_forced() {
    let s = setup();
    // Honest witness for 17, then public inputs for 18 a day early.
    let (_, w) = honest(
        &s,
        &request(r#"{"birthDate": {"$ageAtLeast": 17}}"#, "2026-12-02"),
    );
    let (inputs, _) = honest(
        &s,
        &request(r#"{"birthDate": {"$ageAtLeast": 18}}"#, "2026-12-02"),
    );
    let w = w.unwrap();
    assert!(!satisfied(inputs.clone(), w.clone()));

    // Claimed values that wrap around the modulus, or differ from the slot.
    for v in [
        -Fr::from(1u64),
        w.values[0] - Fr::from(1u64),
        w.values[0] + Fr::from(1u64) - Fr::from(1u64 << 63) * Fr::from(4u64),
    ] {
        let mut bad = w.clone();
        bad.values = vec![v; SHAPE.predicates];
        assert!(!satisfied(inputs.clone(), bad));
    }
    // Pointing the predicate at another slot.
    for i in 0..SHAPE.attributes {
        let mut bad = w.clone();
        bad.selections = vec![i; SHAPE.predicates];
        if i != w.selections[0] {
            assert!(!satisfied(inputs.clone(), bad));
        }
    }
}

#[test]
fn tampered_credentials_and_keys_fail() {
    let s = setup();
    let (inputs, w) = honest(&s, &request(r#"{"height": {"$gte": 150}}"#, "2026-12-03"));
    let w = w.unwrap();
    assert!(satisfied(inputs.clone(), w.clone()));

    // An attribute changed after signing.
    let mut bad = w.clone();
    bad.slots[w.selections[0]] += Fr::from(10u64);
    bad.values = vec![w.values[0] + Fr::from(10u64); SHAPE.predicates];
    assert!(!satisfied(inputs.clone(), bad));

    // Reordering: swap two committed slots and follow the selection.
    let mut bad = w.clone();
    let (i, j) = (w.selections[0], (w.selections[0] + 1) % 4);
    bad.slots.swap(i, j);
    bad.selections = vec![j; SHAPE.predicates];
    assert!(!satisfied(inputs.clone(), bad));

    // Padding: claim one more (empty) attribute.
    let mut bad = w.clone();
    bad.count += 1;
    assert!(!satisfied(inputs.clone(), bad));

    // Another holder secret.
    let mut bad = w.clone();
    bad.holder_secret += Fr::from(1u64);
    assert!(!satisfied(inputs.clone(), bad));

    // Stretching the validity window.
    let mut bad = w.clone();
    bad.valid_until = u64::MAX;
    assert!(!satisfied(inputs.clone(), bad));

    // Another issuer's key in the public inputs.
    let mut other = inputs.clone();
    let a = SecretKey::from_seed([1; 32]).public().point();
    other[0] = a.x;
    other[1] = a.y;
    assert!(!satisfied(other, w));
}

#[test]
fn expired_credential_fails() {
    let s = setup();
    let (_, w) = honest(
        &s,
        &request(r#"{"birthDate": {"$ageAtLeast": 18}}"#, "2030-01-02"),
    );
    assert!(matches!(w, Err(WitnessError::NotValid)));
    // Forcing the honest witness of a valid day against the expired day's inputs.
    let (_, w) = honest(
        &s,
        &request(r#"{"birthDate": {"$ageAtLeast": 18}}"#, "2029-12-30"),
    );
    let (inputs, _) = honest(
        &s,
        &request(r#"{"birthDate": {"$ageAtLeast": 18}}"#, "2030-01-02"),
    );
    assert!(!satisfied(inputs, w.unwrap()));
}

#[test]
fn missing_attribute_and_wrong_holder_are_explained() {
    let s = setup();
    let (_, w) = honest(
        &s,
        &request(r#"{"licenceClass": {"$eq": 2}}"#, "2026-12-03"),
    );
    assert!(matches!(w, Err(WitnessError::MissingAttribute(_))));
    let other = HolderSecret::from_field(Fr::from(7u64));
    let r = request(r#"{"birthDate": {"$ageAtLeast": 18}}"#, "2026-12-03");
    let st = r.statement(s.issuer.public(), &SHAPE).unwrap();
    assert!(matches!(
        Witness::new(&s.signed, &other, &st, SHAPE),
        Err(WitnessError::WrongHolder)
    ));
}
