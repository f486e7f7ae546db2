//! The whole statement: honest witnesses satisfy it; witnesses built by hand to cheat do not.

use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem};
use zkcred_circuits::{statement::constraint_count, CredentialCircuit, Fr, Witness, WitnessError};
use zkcred_core::{holder::HolderSecret, signature::SecretKey, Disclosure, Request, Shape};

mod common;
use common::Setup;

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

fn setup() -> Setup {
    common::setup(VC, SHAPE.attributes)
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
    let statement = r
        .statement(s.issuer.public(), &SHAPE, &Disclosure::default())
        .unwrap();
    let inputs = statement.public_inputs(&SHAPE).unwrap();
    (
        inputs,
        Witness::new(&s.signed, &s.holder, &statement, SHAPE),
    )
}

#[test]
fn constraint_count_is_pinned() {
    assert_eq!(constraint_count(SHAPE).unwrap(), 7108);
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
    let k = used(&w);

    // Claimed values that wrap around the modulus, or differ from the slot.
    for v in [
        -Fr::from(1u64),
        w.values[k] - Fr::from(1u64),
        w.values[k] + Fr::from(1u64) - Fr::from(1u64 << 63) * Fr::from(4u64),
    ] {
        let mut bad = w.clone();
        bad.values[k] = v;
        assert!(!satisfied(inputs.clone(), bad));
    }
    // Pointing the test at another slot, or at none.
    for i in (0..SHAPE.attributes).map(Some).chain([None]) {
        let mut bad = w.clone();
        bad.picks[k] = i;
        if i != w.picks[k] {
            assert!(!satisfied(inputs.clone(), bad));
        }
    }
}

/// The position of the first test that reads a slot.
fn used(w: &Witness) -> usize {
    w.picks.iter().position(Option::is_some).unwrap()
}

#[test]
fn tampered_credentials_and_keys_fail() {
    let s = setup();
    let (inputs, w) = honest(&s, &request(r#"{"height": {"$gte": 150}}"#, "2026-12-03"));
    let w = w.unwrap();
    assert!(satisfied(inputs.clone(), w.clone()));

    let k = used(&w);

    // An attribute changed after signing.
    let mut bad = w.clone();
    bad.slots[w.picks[k].unwrap()] += Fr::from(10u64);
    bad.values[k] = w.values[k] + Fr::from(10u64);
    assert!(!satisfied(inputs.clone(), bad));

    // Reordering: swap two committed slots and follow the pick.
    let mut bad = w.clone();
    let (i, j) = (w.picks[k].unwrap(), (w.picks[k].unwrap() + 1) % 4);
    bad.slots.swap(i, j);
    bad.picks[k] = Some(j);
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
    let st = r
        .statement(s.issuer.public(), &SHAPE, &Disclosure::default())
        .unwrap();
    assert!(matches!(
        Witness::new(&s.signed, &other, &st, SHAPE),
        Err(WitnessError::WrongHolder)
    ));
}

/// The public inputs, a witness, and each used position with the slot it reads.
type HandWitness = (Vec<Fr>, Witness, Vec<(usize, Option<usize>)>);

/// A witness for `r` assembled by hand: every used position reads its attribute's slot (or
/// nothing when the credential lacks it), whether or not its test holds.
fn hand_witness(s: &Setup, r: &Request) -> HandWitness {
    let statement = r
        .statement(s.issuer.public(), &SHAPE, &Disclosure::default())
        .unwrap();
    let inputs = statement.public_inputs(&SHAPE).unwrap();
    let (_, base) = honest(s, &request(r#"{"height": {"$gte": 0}}"#, "2026-12-03"));
    let mut w = base.unwrap();
    let encoded = s.signed.verify().unwrap();
    let mut used = Vec::new();
    for (k, p) in statement.layout(&SHAPE).unwrap().iter().enumerate() {
        let (pick, value) = match &p.test {
            None => (None, Fr::from(0u64)),
            Some(t) => match s.signed.credential.slot_index(t.attribute()) {
                Some(i) => (Some(i), encoded.slots[i] - t.selector()),
                None => (None, -t.selector()),
            },
        };
        w.picks[k] = pick;
        w.values[k] = value;
        if p.test.is_some() {
            used.push((k, pick));
        }
    }
    (inputs, w, used)
}

#[test]
fn false_tests_cannot_be_forced() {
    let s = setup();
    let two_128 = Fr::from(u128::MAX) + Fr::from(1u64);
    for subject in [
        r#"{"height": {"$ne": 171}}"#,
        r#"{"height": {"$nonbetween": [170, 172]}}"#,
        r#"{"height": {"$in": [170, 172]}}"#,
        r#"{"height": {"$nin": [171, 172]}}"#,
        r#"{"givenName": {"$ne": "Zoë"}}"#,
        r#"{"givenName": {"$nin": ["Zoë", "Ann"]}}"#,
        r#"{"licenceClass": {"$exists": true}}"#,
        r#"{"licenceClass": {"$nin": ["A", "B"]}}"#,
        r#"{"$or": [{"height": {"$lt": 100}}, {"givenName": {"$in": ["Ann", "Bo"]}}]}"#,
    ] {
        let r = request(subject, "2026-12-03");
        let (inputs, w, used) = hand_witness(&s, &r);
        assert!(!satisfied(inputs.clone(), w.clone()), "{subject}");
        // One position at a time: its own slot, another, an empty one or none, with the slot's
        // value, its neighbour, the modulus minus one and the 128-bit limit.
        for (k, own) in &used {
            let honest_value = w.values[*k];
            for pick in [*own, Some(0), Some(SHAPE.attributes - 1), None] {
                for v in [
                    honest_value,
                    honest_value + Fr::from(1u64),
                    -Fr::from(1u64),
                    two_128,
                ] {
                    let mut bad = w.clone();
                    bad.picks[*k] = pick;
                    bad.values[*k] = v;
                    assert!(!satisfied(inputs.clone(), bad), "{subject}: {pick:?} {v}");
                }
            }
        }
    }
}

#[test]
fn pseudonym_is_bound_to_the_secret_and_scope() {
    use zkcred_core::statement::scope_element;
    let s = setup();
    let text = r#"{"verifier": "https://v.example", "nonce": "0123456789abcdef0123",
        "date": "2026-12-03", "scope": "https://v.example",
        "credentialSubject": {"height": {"$gt": 100}}}"#;
    let r = Request::from_json(text.as_bytes()).unwrap();
    let scope = scope_element("https://v.example");
    let build = |pseudonym: Fr| {
        let d = Disclosure {
            values: Default::default(),
            pseudonym: Some(pseudonym),
        };
        let st = r.statement(s.issuer.public(), &SHAPE, &d).unwrap();
        st.public_inputs(&SHAPE).unwrap()
    };
    let (_, w) = honest(&s, &request(r#"{"height": {"$gt": 100}}"#, "2026-12-03"));
    let w = w.unwrap();
    let right = s.holder.pseudonym(scope);
    assert!(satisfied(build(right), w.clone()));
    for wrong in [
        Fr::from(0u64),
        right + Fr::from(1u64),
        HolderSecret::from_field(Fr::from(7u64)).pseudonym(scope),
        s.holder.pseudonym(scope_element("https://other.example")),
    ] {
        assert!(!satisfied(build(wrong), w.clone()));
    }
    // Without a scope the pseudonym input must be zero: a stray value fails.
    let (mut inputs, _) = honest(&s, &request(r#"{"height": {"$gt": 100}}"#, "2026-12-03"));
    assert!(satisfied(inputs.clone(), w.clone()));
    inputs[6] = right;
    assert!(!satisfied(inputs, w));
}
