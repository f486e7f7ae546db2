//! Every operator on every kind of value, true and false, through the prover and the verifier
//! under one trusted setup; the date boundaries; OR clauses; disclosure; pseudonyms; both
//! request syntaxes; and the example request files.

use std::sync::OnceLock;

use rand_core::OsRng;
use zkcred_core::{
    credential::{Credential, SignedCredential},
    holder::HolderSecret,
    presentation::Presentation,
    signature::SecretKey,
    Request, Shape,
};
mod common;
use common::keys;
use zkcred_prover::{prove, setup, ProveError, ProvingKey};
use zkcred_verifier::{verify, VerifyError, VerifyingKey};

const VC: &str = r#"{
  "@context": ["https://www.w3.org/ns/credentials/v2"],
  "type": ["VerifiableCredential"],
  "issuer": "did:web:issuer.example",
  "validFrom": "2024-01-01T00:00:00Z",
  "validUntil": "2035-01-01T00:00:00Z",
  "credentialSubject": {
    "birthDate": "2008-02-29",
    "eventDate": "2008-12-03",
    "licence": {"class": "B", "expiry": "2030-06-30"},
    "points": 7,
    "balance": -40,
    "organDonor": true,
    "issued": "2024-01-15T09:30:00+01:00",
    "nationality": "DE",
    "givenName": "Zoë"
  }
}"#;

struct Fixture {
    pk: ProvingKey,
    vk: VerifyingKey,
    issuer: SecretKey,
    holder: HolderSecret,
    signed: SignedCredential,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let shape = Shape::STANDARD;
        let (_, pk, vk) = keys(&setup(shape, &mut OsRng).unwrap());
        let issuer = SecretKey::from_seed([3; 32]);
        let holder = HolderSecret::generate(&mut OsRng);
        let credential = Credential::from_json(VC.as_bytes()).unwrap();
        let signed =
            SignedCredential::issue(credential, &issuer, holder.public(), shape.attributes)
                .unwrap();
        Fixture {
            pk,
            vk,
            issuer,
            holder,
            signed,
        }
    })
}

fn request_on(date: &str, extra: &str, subject: &str) -> Request {
    let text = format!(
        r#"{{"verifier": "https://v.example", "nonce": "0123456789abcdef0123", "date": "{date}"
            {extra}, "credentialSubject": {subject}}}"#
    );
    Request::from_json(text.as_bytes()).unwrap_or_else(|e| panic!("{subject}: {e}"))
}

/// Proves and verifies; `Ok` with the verified presentation, or the prover's refusal.
fn run(r: &Request) -> Result<Presentation, ProveError> {
    let f = fixture();
    let p = prove(
        &f.pk,
        &f.signed,
        &f.holder,
        r,
        &f.issuer.public(),
        &mut OsRng,
    )?;
    let p = Presentation::from_json(p.to_json().as_bytes()).unwrap();
    verify(&f.vk, r, &f.issuer.public(), &p).unwrap();
    Ok(p)
}

fn check(date: &str, cases: &[(&str, bool)]) {
    for (subject, holds) in cases {
        let r = request_on(date, "", subject);
        match run(&r) {
            Ok(_) => assert!(holds, "proved a false statement: {subject}"),
            Err(ProveError::Witness(_)) => assert!(!holds, "could not prove: {subject}"),
            Err(e) => panic!("{subject}: unexpected {e}"),
        }
    }
}

#[test]
fn integers() {
    check(
        "2026-12-03",
        &[
            (r#"{"points": {"$eq": 7}}"#, true),
            (r#"{"points": {"$eq": 8}}"#, false),
            (r#"{"points": {"$ne": 8}}"#, true),
            (r#"{"points": {"$ne": 7}}"#, false),
            (r#"{"points": {"$lt": 8}}"#, true),
            (r#"{"points": {"$lt": 7}}"#, false),
            (r#"{"points": {"$lte": 7}}"#, true),
            (r#"{"points": {"$lte": 6}}"#, false),
            (r#"{"points": {"$gt": 6}}"#, true),
            (r#"{"points": {"$gt": 7}}"#, false),
            (r#"{"points": {"$gte": 7}}"#, true),
            (r#"{"points": {"$gte": 8}}"#, false),
            (r#"{"points": {"$between": [7, 9]}}"#, true),
            (r#"{"points": {"$between": [8, 9]}}"#, false),
            (r#"{"points": {"$nonbetween": [8, 9]}}"#, true),
            (r#"{"points": {"$nonbetween": [7, 9]}}"#, false),
            (r#"{"points": {"$in": [1, 7, 9]}}"#, true),
            (r#"{"points": {"$in": [1, 2]}}"#, false),
            (r#"{"points": {"$nin": [1, 2]}}"#, true),
            (r#"{"points": {"$nin": [1, 7]}}"#, false),
            (r#"{"points": {"$exists": true}}"#, true),
            (r#"{"missing": {"$exists": true}}"#, false),
            (r#"{"balance": {"$lt": 0, "$gt": -41}}"#, true),
            (r#"{"balance": {"$gte": -39}}"#, false),
            // Another kind never matches: "7" is a string.
            (r#"{"points": {"$eq": "7"}}"#, false),
        ],
    );
}

#[test]
fn dates_date_times_and_booleans() {
    check(
        "2026-12-03",
        &[
            (r#"{"licence.expiry": {"$gt": "2030-06-29"}}"#, true),
            (r#"{"licence.expiry": {"$gt": "2030-06-30"}}"#, false),
            (r#"{"licence.expiry": {"$gte": "2030-06-30"}}"#, true),
            (r#"{"licence.expiry": {"$lt": "2030-06-30"}}"#, false),
            (
                r#"{"licence.expiry": {"$between": ["2030-01-01", "2030-12-31"]}}"#,
                true,
            ),
            (
                r#"{"licence.expiry": {"$nonbetween": ["2030-01-01", "2030-12-31"]}}"#,
                false,
            ),
            (
                r#"{"licence.expiry": {"$in": ["2030-06-30", "2031-06-30"]}}"#,
                true,
            ),
            (r#"{"licence.expiry": {"$ne": "2030-06-30"}}"#, false),
            // 09:30 at +01:00 is 08:30Z: equal instants.
            (r#"{"issued": {"$lt": "2024-01-15T08:30:00Z"}}"#, false),
            (r#"{"issued": {"$lte": "2024-01-15T08:30:00Z"}}"#, true),
            (r#"{"issued": {"$eq": "2024-01-15T10:30:00+02:00"}}"#, true),
            (r#"{"issued": {"$gt": "2024-01-15T08:29:59.999Z"}}"#, true),
            (r#"{"organDonor": {"$eq": true}}"#, true),
            (r#"{"organDonor": {"$eq": false}}"#, false),
            (r#"{"organDonor": {"$ne": false}}"#, true),
            (r#"{"organDonor": {"$ne": true}}"#, false),
            (r#"{"organDonor": {"$in": [true, false]}}"#, true),
        ],
    );
}

#[test]
fn strings() {
    check(
        "2026-12-03",
        &[
            (r#"{"licence.class": {"$eq": "B"}}"#, true),
            (r#"{"licence.class": {"$eq": "C"}}"#, false),
            (r#"{"licence.class": {"$ne": "C"}}"#, true),
            (r#"{"licence.class": {"$ne": "B"}}"#, false),
            (r#"{"licence.class": {"$in": ["B", "C"]}}"#, true),
            (r#"{"licence.class": {"$in": ["C", "D"]}}"#, false),
            (r#"{"licence.class": {"$nin": ["C", "D"]}}"#, true),
            (r#"{"licence.class": {"$nin": ["B", "C"]}}"#, false),
            (r#"{"licence.class": {"$nin": ["B"]}}"#, false),
            // Normalized: "Zoë" with a combining diaeresis is the same name.
            ("{\"givenName\": {\"$eq\": \"Zoe\u{308}\"}}", true),
        ],
    );
    let f = fixture();
    let ordered = request_on("2026-12-03", "", r#"{"givenName": {"$lt": "Zz"}}"#);
    assert!(ordered
        .statement(f.issuer.public(), &Shape::STANDARD, &Default::default())
        .is_err());
}

#[test]
fn sets_hold_sixty_four_values() {
    let mut countries: Vec<String> = (0..63).map(|i| format!("\"X{i}\"")).collect();
    countries.push("\"DE\"".into());
    let list = countries.join(", ");
    check(
        "2026-12-03",
        &[
            (&format!(r#"{{"nationality": {{"$in": [{list}]}}}}"#), true),
            (
                &format!(r#"{{"nationality": {{"$nin": [{list}]}}}}"#),
                false,
            ),
        ],
    );
}

#[test]
fn ages_on_the_days_around_a_leap_birthday() {
    // Born 2008-02-29: 18 on 2026-03-01 (a common year), 20 on 2028-02-29 (a leap year).
    let at_least = |n| format!(r#"{{"birthDate": {{"$ageAtLeast": {n}}}}}"#);
    let under = |n| format!(r#"{{"birthDate": {{"$ageUnder": {n}}}}}"#);
    check("2026-02-28", &[(&at_least(18), false), (&under(18), true)]);
    check("2026-03-01", &[(&at_least(18), true), (&under(18), false)]);
    check("2028-02-28", &[(&at_least(20), false)]);
    check("2028-02-29", &[(&at_least(20), true), (&under(20), false)]);
    // Born 2008-12-03: exactly 18 on 2026-12-03, not the day before.
    let event = r#"{"eventDate": {"$ageAtLeast": 18}}"#;
    check("2026-12-02", &[(event, false)]);
    check("2026-12-03", &[(event, true)]);
}

#[test]
fn or_clauses_and_one_proof_for_a_whole_request() {
    check(
        "2026-12-03",
        &[
            (
                r#"{"$or": [{"licence.class": {"$eq": "C"}}, {"licence.class": {"$eq": "B"}}]}"#,
                true,
            ),
            (
                r#"{"$or": [{"licence.class": {"$eq": "C"}}, {"licence.class": {"$eq": "D"}}]}"#,
                false,
            ),
            (
                r#"{"$or": [{"missing": {"$exists": true}}, {"points": {"$gt": 5}}]}"#,
                true,
            ),
            (
                r#"{"$or": [{"nationality": {"$in": ["FR", "NL"]}}, {"points": {"$gt": 5}}]}"#,
                true,
            ),
            (
                r#"{"$or": [{"nationality": {"$in": ["FR", "NL"]}}, {"points": {"$gt": 7}}]}"#,
                false,
            ),
            // The largest request of the standard shape: four range checks and a set, in one proof.
            (
                r#"{"birthDate": {"$ageAtLeast": 18}, "licence.expiry": {"$gte": "2026-12-10"},
                    "points": {"$ne": 3}, "nationality": {"$nin": ["RU", "BY", "KP"]}}"#,
                true,
            ),
            (
                r#"{"birthDate": {"$ageAtLeast": 18}, "licence.expiry": {"$gte": "2026-12-10"},
                    "points": {"$ne": 7}, "nationality": {"$nin": ["RU", "BY", "KP"]}}"#,
                false,
            ),
        ],
    );
}

#[test]
fn validity_on_another_day() {
    let f = fixture();
    let on = |day: &str| {
        request_on(
            "2026-12-03",
            &format!(r#", "validOn": "{day}""#),
            r#"{"points": {"$gt": 0}}"#,
        )
    };
    assert!(run(&on("2034-12-31")).is_ok());
    assert!(matches!(
        run(&on("2035-01-01")),
        Err(ProveError::Witness(_))
    ));
    // A presentation for one validity day does not verify for another.
    let p = run(&on("2030-01-01")).unwrap();
    assert!(verify(&f.vk, &on("2030-01-02"), &f.issuer.public(), &p).is_err());
}

#[test]
fn disclosure_reveals_exactly_the_asked_values() {
    let f = fixture();
    let r = request_on(
        "2026-12-03",
        "",
        r#"{"givenName": {}, "points": {}, "birthDate": {"$ageAtLeast": 18}}"#,
    );
    let p = run(&r).unwrap();
    assert_eq!(p.disclosed.len(), 2);
    assert_eq!(p.disclosed["givenName"], "Zoë");
    assert_eq!(p.disclosed["points"], 7);
    let text = p.to_json();
    assert!(!text.contains("2008-02-29"));

    // A changed, extra or missing value is refused.
    let mut changed = p.clone();
    changed.disclosed.insert("points".into(), 8.into());
    assert!(matches!(
        verify(&f.vk, &r, &f.issuer.public(), &changed),
        Err(VerifyError::Invalid)
    ));
    let mut extra = p.clone();
    extra.disclosed.insert("nationality".into(), "DE".into());
    assert!(matches!(
        verify(&f.vk, &r, &f.issuer.public(), &extra),
        Err(VerifyError::Disclosure(_))
    ));
    let mut missing = p.clone();
    missing.disclosed.remove("points");
    assert!(matches!(
        verify(&f.vk, &r, &f.issuer.public(), &missing),
        Err(VerifyError::Disclosure(_))
    ));
}

#[test]
fn pseudonyms_are_stable_per_scope_and_absent_without_one() {
    let f = fixture();
    let scoped = |scope: &str, nonce: &str| {
        let text = format!(
            r#"{{"verifier": "https://shop.example", "nonce": "{nonce}", "date": "2026-12-03",
                "scope": "{scope}", "credentialSubject": {{"points": {{"$gt": 0}}}}}}"#
        );
        Request::from_json(text.as_bytes()).unwrap()
    };
    let a1 = run(&scoped("https://shop.example", "aaaaaaaaaaaaaaaa1")).unwrap();
    let a2 = run(&scoped("https://shop.example", "aaaaaaaaaaaaaaaa2")).unwrap();
    let b = run(&scoped("https://other.example", "aaaaaaaaaaaaaaaa3")).unwrap();
    assert!(a1.pseudonym.is_some());
    assert_eq!(a1.pseudonym, a2.pseudonym);
    assert_ne!(a1.pseudonym, b.pseudonym);
    assert_ne!(a1.proof, a2.proof);

    let plain = run(&request_on("2026-12-03", "", r#"{"points": {"$gt": 0}}"#)).unwrap();
    assert!(plain.pseudonym.is_none());
    assert!(!plain.to_json().contains("pseudonym"));

    // Another holder's pseudonym, or none, is refused.
    let r = scoped("https://shop.example", "aaaaaaaaaaaaaaaa1");
    let mut forged = a1.clone();
    forged.pseudonym = b.pseudonym.clone();
    assert!(matches!(
        verify(&f.vk, &r, &f.issuer.public(), &forged),
        Err(VerifyError::Invalid)
    ));
    forged.pseudonym = None;
    assert!(matches!(
        verify(&f.vk, &r, &f.issuer.public(), &forged),
        Err(VerifyError::Disclosure(_))
    ));
}

#[test]
fn anoncreds_requests() {
    let text = r#"{
      "name": "rental", "version": "1.0", "nonce": "81234567890123456789",
      "verifier": "did:web:rental.example", "date": "2026-12-03",
      "requested_attributes": {"a1": {"name": "licence.class"}},
      "requested_predicates": {"p1": {"name": "points", "p_type": ">=", "p_value": 5},
                               "p2": {"name": "balance", "p_type": "<", "p_value": 0}}
    }"#;
    let p = run(&Request::from_json(text.as_bytes()).unwrap()).unwrap();
    assert_eq!(p.disclosed["licence.class"], "B");
    let false_one = text.replace("\">=\", \"p_value\": 5", "\">\", \"p_value\": 7");
    assert!(matches!(
        run(&Request::from_json(false_one.as_bytes()).unwrap()),
        Err(ProveError::Witness(_))
    ));
}

/// Every request file under `examples/requests/` is answered, with a proof that verifies, by
/// one of the bundled example credentials.
#[test]
fn example_requests() {
    let f = fixture();
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let signed: Vec<SignedCredential> = ["driving-licence", "national-id", "diploma"]
        .iter()
        .map(|name| {
            let bytes = std::fs::read(examples.join(format!("{name}.json"))).unwrap();
            let c = Credential::from_json(&bytes).unwrap();
            SignedCredential::issue(c, &f.issuer, f.holder.public(), 24).unwrap()
        })
        .collect();
    let mut seen = 0;
    for entry in std::fs::read_dir(examples.join("requests")).unwrap() {
        let path = entry.unwrap().path();
        let r = Request::from_json(&std::fs::read(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let answered = signed.iter().any(|s| {
            match prove(&f.pk, s, &f.holder, &r, &f.issuer.public(), &mut OsRng) {
                Ok(p) => verify(&f.vk, &r, &f.issuer.public(), &p).is_ok(),
                Err(ProveError::Witness(_)) => false,
                Err(e) => panic!("{}: {e}", path.display()),
            }
        });
        assert!(
            answered,
            "{}: no bundled credential answers it",
            path.display()
        );
        seen += 1;
    }
    assert!(seen >= 20, "only {seen} example requests");
}
