//! Statements built by hand through the library's public types: whatever a caller puts in a
//! `Statement`, its public inputs must not let the circuit accept a credential the statement
//! rejects.

use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystem};
use zkcred_circuits::{CredentialCircuit, Fr, Witness};
use zkcred_core::{
    encoding::{Kind, Value},
    statement::Test,
    Disclosure, Request, Shape, Statement,
};

mod common;
use common::Setup;

const SHAPE: Shape = Shape::STANDARD;

const VC: &str = r#"{
  "@context": ["https://www.w3.org/ns/credentials/v2"],
  "type": ["VerifiableCredential"],
  "issuer": "did:web:issuer.example",
  "credentialSubject": {"height": 171, "givenName": "Zoë"}
}"#;

fn setup() -> Setup {
    common::setup(VC, SHAPE.attributes)
}

fn statement(s: &Setup, subject: &str) -> Statement {
    let text = format!(
        r#"{{"verifier": "https://v.example", "nonce": "0123456789abcdef0123",
            "date": "2026-12-03", "credentialSubject": {subject}}}"#
    );
    Request::from_json(text.as_bytes())
        .unwrap()
        .statement(s.issuer.public(), &SHAPE, &Disclosure::default())
        .unwrap()
}

fn satisfied(public_inputs: Vec<Fr>, witness: Witness) -> bool {
    let cs = ConstraintSystem::<Fr>::new_ref();
    let circuit = CredentialCircuit {
        shape: SHAPE,
        public_inputs,
        witness: Some(witness),
    };
    circuit.generate_constraints(cs.clone()).is_ok() && cs.is_satisfied().unwrap()
}

#[test]
fn a_set_longer_than_the_circuit_takes_is_refused() {
    let s = setup();
    // The honest witness of `height` outside {1, 2} reads the height slot in the set position.
    let honest = statement(&s, r#"{"height": {"$nin": [1, 2]}}"#);
    let w = Witness::new(&s.signed, &s.holder, &honest, SHAPE).unwrap();
    // 65 members, the last of them the credential's value: the statement is false.
    let mut members: Vec<u128> = (1..=64).map(|i| Value::Integer(i).encode()).collect();
    members.push(Value::Integer(171).encode());
    let mut forged = honest.clone();
    forged.clauses = vec![vec![Test::Set {
        attribute: "height".into(),
        kind: Kind::Integer,
        members,
        negated: true,
    }]];
    assert!(!forged.clauses[0][0].holds(&Value::Integer(171)));
    // Its inputs would keep 64 members, against which the circuit accepts 171: refused.
    assert!(matches!(
        forged.public_inputs(&SHAPE),
        Err(zkcred_core::Error::SetSize { members: 65, .. })
    ));
    assert!(Witness::new(&s.signed, &s.holder, &forged, SHAPE).is_err());
    // The same test with the 64 members the circuit holds keeps the honest answer.
    let Test::Set { members, .. } = &mut forged.clauses[0][0] else {
        unreachable!()
    };
    members.remove(0);
    assert!(!satisfied(forged.public_inputs(&SHAPE).unwrap(), w));
}

#[test]
fn an_empty_set_or_clause_is_refused_not_dropped() {
    let s = setup();
    let honest = statement(&s, r#"{"height": {"$gt": 100}}"#);
    let w = Witness::new(&s.signed, &s.holder, &honest, SHAPE).unwrap();
    let empty_set = Test::Set {
        attribute: "height".into(),
        kind: Kind::Integer,
        members: Vec::new(),
        negated: true,
    };
    let with = |clauses: Vec<Vec<Test>>| Statement {
        clauses,
        ..honest.clone()
    };
    // An empty set used to panic while padding; an empty clause took no position, so the
    // circuit held it true although no credential satisfies it.
    for forged in [
        with(vec![vec![empty_set]]),
        with(vec![vec![]]),
        with([honest.clauses.clone(), vec![vec![]]].concat()),
    ] {
        let inputs = std::panic::catch_unwind(|| forged.public_inputs(&SHAPE));
        assert!(matches!(inputs, Ok(Err(_))));
        assert!(Witness::new(&s.signed, &s.holder, &forged, SHAPE).is_err());
    }
    // A request whose clause list was emptied by hand is refused the same way.
    let text = r#"{"verifier": "https://v.example", "nonce": "0123456789abcdef0123",
        "date": "2026-12-03", "credentialSubject": {"height": {"$gt": 100}}}"#;
    let mut r = Request::from_json(text.as_bytes()).unwrap();
    r.clauses.push(Vec::new());
    assert!(r
        .statement(s.issuer.public(), &SHAPE, &Disclosure::default())
        .is_err());
    assert!(satisfied(honest.public_inputs(&SHAPE).unwrap(), w));
}

#[test]
fn flags_carry_no_bit_beyond_the_shape() {
    let s = setup();
    let honest = statement(&s, r#"{"height": {"$nin": [1, 2]}}"#);
    let w = Witness::new(&s.signed, &s.holder, &honest, SHAPE).unwrap();
    let inputs = honest.public_inputs(&SHAPE).unwrap();
    assert!(satisfied(inputs.clone(), w.clone()));
    // Bit 0 is the scope, bits 1 .. P + S - 1 join, then one negation bit per set: a bit above
    // them, or flags reduced by the modulus, leave the system unsatisfied.
    let two = Fr::from(2u64);
    for extra in [SHAPE.flag_bits(), SHAPE.flag_bits() + 1, 253] {
        let mut bad = inputs.clone();
        bad[7] += ark_ff::Field::pow(&two, [extra as u64]);
        assert!(!satisfied(bad, w.clone()), "bit {extra}");
    }
    let mut bad = inputs.clone();
    bad[7] -= Fr::from(1u64);
    assert!(!satisfied(bad, w));
}
