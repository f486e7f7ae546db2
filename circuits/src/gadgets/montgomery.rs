//! Baby Jubjub in Montgomery form, for the scalar multiplications.
//!
//! The Edwards curve `x^2 + y^2 = 1 + d x^2 y^2` is birational to the Montgomery curve
//!
//! ```text
//! B v^2 = u^3 + A u^2 + u,   A = 2 (1 + d) / (1 - d),   B = 4 / (1 - d)
//! (u, v) = ((1 + y) / (1 - y), u / x),     (x, y) = (u / v, (u - 1) / (u + 1))
//! ```
//!
//! The map is defined at every point but the identity `(0, 1)` and the point of order two
//! `(0, -1)`; no Montgomery point has `u = -1`, as that would need `v^2 = d`, and `d` is not a
//! square. Montgomery addition costs 3 constraints where the complete Edwards law costs 6, but it
//! is *incomplete*: it does not apply when an operand is the identity (which has no affine
//! coordinates) or when the operands are equal or opposite. Worse, for equal operands the slope
//! constraint `lambda (u2 - u1) = v2 - v1` reads `0 = 0` and lets a prover pick any slope. Every
//! caller must therefore show that these cases cannot occur; [`super::scalar_mul`] does so for
//! its inputs.

use ark_ec::AffineRepr;
use ark_ed_on_bn254::EdwardsAffine;
use ark_ff::{AdditiveGroup, Field, One, Zero};
use ark_r1cs_std::{fields::fp::FpVar, prelude::*};
use ark_relations::gr1cs::{ConstraintSystemRef, SynthesisError};

use super::edwards::PointVar;
use crate::Fr;

/// The coefficients `(A, B)` of the Montgomery model.
pub fn coefficients() -> (Fr, Fr) {
    static AB: std::sync::OnceLock<(Fr, Fr)> = std::sync::OnceLock::new();
    *AB.get_or_init(|| {
        let d = zkcred_core::signature::coeff_d();
        let one = Fr::one();
        // 1 - d is not zero: d != 1 on a non-degenerate curve.
        let inv = (one - d).inverse().expect("1 - d is invertible");
        ((one + d).double() * inv, Fr::from(4u64) * inv)
    })
}

/// The Montgomery coordinates of an Edwards point other than `(0, 1)` and `(0, -1)`.
pub fn to_montgomery(p: &EdwardsAffine) -> Option<(Fr, Fr)> {
    if p.is_zero() || p.x.is_zero() {
        return None;
    }
    let u = (Fr::one() + p.y) * (Fr::one() - p.y).inverse()?;
    Some((u, u * p.x.inverse()?))
}

/// [`to_montgomery`] of every point, with one field inversion in all; `None` if any point has
/// no Montgomery coordinates.
pub fn to_montgomery_batch(points: &[EdwardsAffine]) -> Option<Vec<(Fr, Fr)>> {
    if points.iter().any(|p| p.is_zero() || p.x.is_zero()) {
        return None;
    }
    // 1 - y and x for every point, inverted together; x != 0 gives y != 1 on the curve.
    let mut inverses: Vec<Fr> = points.iter().flat_map(|p| [Fr::one() - p.y, p.x]).collect();
    if inverses.iter().any(|d| d.is_zero()) {
        return None;
    }
    ark_ff::batch_inversion(&mut inverses);
    Some(
        points
            .iter()
            .zip(inverses.chunks_exact(2))
            .map(|(p, inv)| {
                let u = (Fr::one() + p.y) * inv[0];
                (u, u * inv[1])
            })
            .collect(),
    )
}

/// A point `(u, v)` of the Montgomery model, never the identity.
#[derive(Clone, Debug)]
pub struct MontPoint {
    /// u coordinate.
    pub u: FpVar<Fr>,
    /// v coordinate.
    pub v: FpVar<Fr>,
}

fn witness(
    cs: &ConstraintSystemRef<Fr>,
    f: impl FnOnce() -> Result<Fr, SynthesisError>,
) -> Result<FpVar<Fr>, SynthesisError> {
    FpVar::new_witness(cs.clone(), f)
}

fn ratio(num: Fr, den: Fr) -> Result<Fr, SynthesisError> {
    Ok(num * den.inverse().ok_or(SynthesisError::DivisionByZero)?)
}

impl MontPoint {
    /// A constant point.
    pub fn constant(u: Fr, v: Fr) -> Self {
        MontPoint {
            u: FpVar::Constant(u),
            v: FpVar::Constant(v),
        }
    }

    fn cs(&self) -> ConstraintSystemRef<Fr> {
        self.u.cs().or(self.v.cs())
    }

    /// The Montgomery form of an Edwards point, enforcing `x != 0` on the way: `x w = 1`,
    /// `u (1 - y) = 1 + y`, `v = u w`. Costs 3 constraints.
    ///
    /// `p` must be on the curve (checked by the caller); then `x != 0` also gives `y != 1`, so
    /// `u` and `v` are fixed by the constraints. The identity and the point of order two have
    /// `x = 0` and are refused.
    pub fn from_edwards(p: &PointVar) -> Result<Self, SynthesisError> {
        let cs = p.x.cs().or(p.y.cs());
        let w = witness(&cs, || {
            p.x.value()?.inverse().ok_or(SynthesisError::DivisionByZero)
        })?;
        w.mul_equals(&p.x, &FpVar::Constant(Fr::one()))?;
        let one = FpVar::Constant(Fr::one());
        let u = witness(&cs, || {
            let y = p.y.value()?;
            ratio(Fr::one() + y, Fr::one() - y)
        })?;
        u.mul_equals(&(&one - &p.y), &(&one + &p.y))?;
        let v = &u * &w;
        Ok(MontPoint { u, v })
    }

    /// The Edwards form: `x v = u`, `y (u + 1) = u - 1`. Costs 2 constraints.
    ///
    /// The point must not be of order two (`v = 0`); `u + 1` never vanishes on the curve.
    pub fn to_edwards(&self) -> Result<PointVar, SynthesisError> {
        let cs = self.cs();
        if cs.is_none() {
            let (u, v) = (self.u.value()?, self.v.value()?);
            return Ok(PointVar {
                x: FpVar::Constant(ratio(u, v)?),
                y: FpVar::Constant(ratio(u - Fr::one(), u + Fr::one())?),
            });
        }
        let x = witness(&cs, || ratio(self.u.value()?, self.v.value()?))?;
        x.mul_equals(&self.v, &self.u)?;
        let y = witness(&cs, || {
            let u = self.u.value()?;
            ratio(u - Fr::one(), u + Fr::one())
        })?;
        y.mul_equals(&(&self.u + Fr::one()), &(&self.u - Fr::one()))?;
        Ok(PointVar { x, y })
    }

    /// `-P = (u, -v)`. Free.
    pub fn negate(&self) -> Self {
        MontPoint {
            u: self.u.clone(),
            v: self.v.negate().expect("negation is linear"),
        }
    }

    /// `P + Q` for `P != Q, P != -Q`. Costs 3 constraints.
    ///
    /// For `P = Q` the constraints do not fix the result; the caller must exclude that case.
    pub fn add_unchecked(&self, q: &Self) -> Result<Self, SynthesisError> {
        let (a, b) = coefficients();
        let cs = self.cs().or(q.cs());
        // lambda (u2 - u1) = v2 - v1.
        let lambda = witness(&cs, || {
            ratio(
                q.v.value()? - self.v.value()?,
                q.u.value()? - self.u.value()?,
            )
        })?;
        lambda.mul_equals(&(&q.u - &self.u), &(&q.v - &self.v))?;
        let (u, v) = self.chord(&cs, &lambda, &q.u, a, b)?;
        Ok(MontPoint { u, v })
    }

    /// The third point on the line of slope `lambda` through `self` and a point with u
    /// coordinate `u2`, reflected: `u3 = B lambda^2 - A - u1 - u2`, `v3 = lambda (u1 - u3) - v1`.
    /// Costs 2 constraints.
    fn chord(
        &self,
        cs: &ConstraintSystemRef<Fr>,
        lambda: &FpVar<Fr>,
        u2: &FpVar<Fr>,
        a: Fr,
        b: Fr,
    ) -> Result<(FpVar<Fr>, FpVar<Fr>), SynthesisError> {
        let u3 = witness(cs, || {
            let l = lambda.value()?;
            Ok(b * l * l - a - self.u.value()? - u2.value()?)
        })?;
        (lambda * b).mul_equals(lambda, &(&u3 + a + &self.u + u2))?;
        let v3 = witness(cs, || {
            Ok(lambda.value()? * (self.u.value()? - u3.value()?) - self.v.value()?)
        })?;
        lambda.mul_equals(&(&self.u - &u3), &(&v3 + &self.v))?;
        Ok((u3, v3))
    }

    /// `2P` for `P` not of order two. Costs 4 constraints.
    pub fn double(&self) -> Result<Self, SynthesisError> {
        let (a, b) = coefficients();
        let cs = self.cs();
        // lambda (2 B v) = 3 u^2 + 2 A u + 1.
        let u2 = self.u.square()?;
        let lambda = witness(&cs, || {
            let u = self.u.value()?;
            ratio(
                Fr::from(3u64) * u * u + a.double() * u + Fr::one(),
                b.double() * self.v.value()?,
            )
        })?;
        lambda.mul_equals(
            &(&self.v * b.double()),
            &(u2 * Fr::from(3u64) + &self.u * a.double() + Fr::one()),
        )?;
        let (u, v) = self.chord(&cs, &lambda, &self.u, a, b)?;
        Ok(MontPoint { u, v })
    }

    /// `2P + Q`, computed as `(P + Q) + P` without the v coordinate of `P + Q`. Costs 5
    /// constraints.
    ///
    /// Requires `P != Q`, `P != -Q` and `P + Q != -P`. The first is the case in which the
    /// constraints would not fix the result; the other two make them unsatisfiable.
    pub fn double_add_unchecked(&self, q: &Self) -> Result<Self, SynthesisError> {
        let (a, b) = coefficients();
        let cs = self.cs().or(q.cs());
        // R = P + Q: lambda1 (uq - up) = vq - vp, ur = B lambda1^2 - A - up - uq.
        let lambda1 = witness(&cs, || {
            ratio(
                q.v.value()? - self.v.value()?,
                q.u.value()? - self.u.value()?,
            )
        })?;
        lambda1.mul_equals(&(&q.u - &self.u), &(&q.v - &self.v))?;
        let ur = witness(&cs, || {
            let l = lambda1.value()?;
            Ok(b * l * l - a - self.u.value()? - q.u.value()?)
        })?;
        (&lambda1 * b).mul_equals(&lambda1, &(&ur + a + &self.u + &q.u))?;

        // The slope from P to R: (lambda1 + lambda2) (ur - up) = -2 vp.
        let lambda2 = witness(&cs, || {
            let (up, vp) = (self.u.value()?, self.v.value()?);
            Ok(-lambda1.value()? - ratio(vp.double(), ur.value()? - up)?)
        })?;
        (&lambda1 + &lambda2).mul_equals(&(&ur - &self.u), &(self.v.clone() * -Fr::from(2u64)))?;

        // (P + R) from that slope.
        let (u, v) = self.chord(&cs, &lambda2, &ur, a, b)?;
        Ok(MontPoint { u, v })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ark_ec::CurveGroup;
    use ark_relations::gr1cs::ConstraintSystem;
    use ark_std::UniformRand;

    fn alloc(cs: &ConstraintSystemRef<Fr>, p: &EdwardsAffine) -> MontPoint {
        let (u, v) = to_montgomery(p).unwrap();
        MontPoint {
            u: FpVar::new_witness(cs.clone(), || Ok(u)).unwrap(),
            v: FpVar::new_witness(cs.clone(), || Ok(v)).unwrap(),
        }
    }

    fn value(p: &MontPoint) -> (Fr, Fr) {
        (p.u.value().unwrap(), p.v.value().unwrap())
    }

    #[test]
    fn the_map_lands_on_the_montgomery_curve_and_back() {
        let (a, b) = coefficients();
        let mut rng = ark_std::test_rng();
        for _ in 0..8 {
            let p = EdwardsAffine::rand(&mut rng);
            let (u, v) = to_montgomery(&p).unwrap();
            assert_eq!(b * v * v, u * u * u + a * u * u + u);
            let cs = ConstraintSystem::<Fr>::new_ref();
            let back = alloc(&cs, &p).to_edwards().unwrap();
            assert_eq!(back.value().unwrap(), p);
            assert!(cs.is_satisfied().unwrap());
            assert_eq!(cs.num_constraints(), 2);
        }
        assert!(to_montgomery(&EdwardsAffine::zero()).is_none());
    }

    #[test]
    fn the_batch_map_is_the_map() {
        let mut rng = ark_std::test_rng();
        let points: Vec<EdwardsAffine> = (0..20).map(|_| EdwardsAffine::rand(&mut rng)).collect();
        let one_by_one: Vec<_> = points.iter().map(|p| to_montgomery(p).unwrap()).collect();
        assert_eq!(to_montgomery_batch(&points).unwrap(), one_by_one);
        let mut with_identity = points;
        with_identity[7] = EdwardsAffine::zero();
        assert!(to_montgomery_batch(&with_identity).is_none());
    }

    #[test]
    fn from_edwards_refuses_x_zero() {
        for (x, y) in [(Fr::zero(), Fr::one()), (Fr::zero(), -Fr::one())] {
            let cs = ConstraintSystem::<Fr>::new_ref();
            let p = PointVar {
                x: FpVar::new_witness(cs.clone(), || Ok(x)).unwrap(),
                y: FpVar::new_witness(cs.clone(), || Ok(y)).unwrap(),
            };
            assert!(MontPoint::from_edwards(&p).is_err());
        }
        let p = EdwardsAffine::rand(&mut ark_std::test_rng());
        let cs = ConstraintSystem::<Fr>::new_ref();
        let pv = PointVar {
            x: FpVar::new_witness(cs.clone(), || Ok(p.x)).unwrap(),
            y: FpVar::new_witness(cs.clone(), || Ok(p.y)).unwrap(),
        };
        let m = MontPoint::from_edwards(&pv).unwrap();
        assert_eq!(value(&m), to_montgomery(&p).unwrap());
        assert!(cs.is_satisfied().unwrap());
        assert_eq!(cs.num_constraints(), 3);
    }

    #[test]
    fn arithmetic_matches_edwards_and_pins_counts() {
        let mut rng = ark_std::test_rng();
        let (p, q) = (EdwardsAffine::rand(&mut rng), EdwardsAffine::rand(&mut rng));
        let m = |e: ark_ed_on_bn254::EdwardsProjective| to_montgomery(&e.into_affine()).unwrap();

        let cs = ConstraintSystem::<Fr>::new_ref();
        let sum = alloc(&cs, &p).add_unchecked(&alloc(&cs, &q)).unwrap();
        assert_eq!(value(&sum), m(p + q));
        assert_eq!(cs.num_constraints(), 3);

        let cs = ConstraintSystem::<Fr>::new_ref();
        let dbl = alloc(&cs, &p).double().unwrap();
        assert_eq!(value(&dbl), m(p + p));
        assert_eq!(cs.num_constraints(), 4);

        let cs = ConstraintSystem::<Fr>::new_ref();
        let da = alloc(&cs, &p)
            .double_add_unchecked(&alloc(&cs, &q))
            .unwrap();
        assert_eq!(value(&da), m(p + p + q));
        assert_eq!(cs.num_constraints(), 5);
        assert!(cs.is_satisfied().unwrap());
    }

    #[test]
    fn every_witness_is_pinned() {
        let mut rng = ark_std::test_rng();
        let (p, q) = (EdwardsAffine::rand(&mut rng), EdwardsAffine::rand(&mut rng));
        let cs = ConstraintSystem::<Fr>::new_ref();
        let (pv, qv) = (alloc(&cs, &p), alloc(&cs, &q));
        let _ = pv.double_add_unchecked(&qv).unwrap();
        let _ = pv.double().unwrap().to_edwards().unwrap();
        let _ = pv.add_unchecked(&qv).unwrap();
        assert!(crate::gadgets::test_util::free_witnesses(&cs).is_empty());
    }

    #[test]
    fn equal_operands_would_leave_the_slope_free() {
        // Why callers must exclude P = Q: the slope constraint reads 0 = 0, and a prover's
        // slope of choice yields a point off the curve that satisfies every constraint.
        let (a, b) = coefficients();
        let p = EdwardsAffine::rand(&mut ark_std::test_rng());
        let cs = ConstraintSystem::<Fr>::new_ref();
        let (pv, qv) = (alloc(&cs, &p), alloc(&cs, &p));
        let lambda = FpVar::new_witness(cs.clone(), || Ok(Fr::from(12345u64))).unwrap();
        lambda
            .mul_equals(&(&qv.u - &pv.u), &(&qv.v - &pv.v))
            .unwrap();
        let (u, v) = pv.chord(&cs, &lambda, &qv.u, a, b).unwrap();
        assert!(cs.is_satisfied().unwrap());
        let (u, v) = (u.value().unwrap(), v.value().unwrap());
        assert_ne!(b * v * v, u * u * u + a * u * u + u);
    }

    #[test]
    fn equal_operands_are_not_computed() {
        // The honest witness generator refuses the exceptional cases rather than guessing.
        let p = EdwardsAffine::rand(&mut ark_std::test_rng());
        let cs = ConstraintSystem::<Fr>::new_ref();
        let (a, b) = (alloc(&cs, &p), alloc(&cs, &p));
        assert!(a.add_unchecked(&b).is_err());
        let cs = ConstraintSystem::<Fr>::new_ref();
        let (a, b) = (alloc(&cs, &p), alloc(&cs, &(-p)));
        assert!(a.double_add_unchecked(&b).is_err());
    }
}
