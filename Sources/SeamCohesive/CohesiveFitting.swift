import SeamCore
#if canImport(Glibc)
import Glibc
#endif

/// A fitted law and how well it matches the data it was fitted to.
public struct CohesiveFit<Law: CohesiveLaw>: Sendable {
    public let law: Law
    /// Root-mean-square energy residual over the data points, eV/Å^2.
    public let rmsResidual: Double
    /// `rmsResidual` divided by the work of separation of the data (dimensionless).
    public var relativeResidual: Double
}

/// Least-squares fits of the analytic laws to a tabulated (derived) law.
///
/// Hand-written: one- and two-parameter fits on smooth data need no optimisation library;
/// each uses the linear dependence on the energy scale and a golden-section search for the
/// length scale.
public enum CohesiveFitting {
    /// Golden-section minimisation of a unimodal function on [a, b].
    static func goldenMinimum(_ f: (Double) -> Double, _ a0: Double, _ b0: Double, tolerance: Double = 1e-10) -> Double {
        var a = a0, b = b0
        let g = (5.0.squareRoot() - 1) / 2
        var c = b - g * (b - a), d = a + g * (b - a)
        var fc = f(c), fd = f(d)
        while abs(b - a) > tolerance * max(1, abs(a) + abs(b)) {
            if fc < fd { b = d; d = c; fd = fc; c = b - g * (b - a); fc = f(c) } else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = f(d) }
        }
        return 0.5 * (a + b)
    }

    static func rms(_ data: TabulatedLaw, _ model: (Double) -> Double) -> Double {
        var s = 0.0
        for (x, e) in zip(data.openings, data.energies) { let r = model(x) - e; s += r * r }
        return (s / Double(data.openings.count)).squareRoot()
    }

    /// UBER fit: for each ℓ the best G is a linear least-squares projection; ℓ by golden section.
    public static func universalBinding(_ data: TabulatedLaw) -> CohesiveFit<UniversalBindingLaw> {
        func shape(_ x: Double, _ l: Double) -> Double { let u = x / l; return 1 - (1 + u) * exp(-u) }
        func bestG(_ l: Double) -> Double {
            var num = 0.0, den = 0.0
            for (x, e) in zip(data.openings, data.energies) { let f = shape(x, l); num += f * e; den += f * f }
            return den > 0 ? num / den : 0
        }
        let lmax = data.openings.last!
        let l = goldenMinimum({ l in let g = bestG(l); return rms(data, { g * shape($0, l) }) }, lmax * 1e-3, lmax)
        let law = UniversalBindingLaw(workOfSeparation: bestG(l), length: l, shearWeight: data.shearWeight)
        let r = rms(data, { law.scalar($0).energy })
        return CohesiveFit(law: law, rmsResidual: r, relativeResidual: r / data.workOfSeparation)
    }

    /// Bilinear fit with the same peak traction and work of separation: σc = peak, λf = 2G/σc,
    /// λ0 chosen by least squares on the energy.
    public static func bilinear(_ data: TabulatedLaw) -> CohesiveFit<BilinearLaw> {
        let sc = data.peakTraction, lf = 2 * data.workOfSeparation / sc
        let l0 = goldenMinimum({ l0 in
            let law = BilinearLaw(strength: sc, peakOpening: l0, finalOpening: lf)
            return rms(data, { law.scalar($0).energy })
        }, lf * 1e-3, lf * 0.999)
        let law = BilinearLaw(strength: sc, peakOpening: l0, finalOpening: lf, shearWeight: data.shearWeight)
        let r = rms(data, { law.scalar($0).energy })
        return CohesiveFit(law: law, rmsResidual: r, relativeResidual: r / data.workOfSeparation)
    }

    /// Xu-Needleman fit: its pure mode-I form is UBER (φn = G, δn = ℓ); the shear strength and
    /// length come from a tabulated slip law when given (same UBER-type fit on the slip
    /// energies), otherwise τmax = σmax and δt = δn.
    public static func xuNeedleman(_ data: TabulatedLaw, slip: TabulatedLaw? = nil, r: Double = 0) -> CohesiveFit<XuNeedlemanLaw> {
        let normal = universalBinding(data).law
        var tau = normal.peakTraction, dt = normal.length
        if let slip {
            // Mode-II XN energy at zero normal opening: φn(1 - e^{-b})·q... fit φt (1 - exp(-y²/δt²)).
            let plateau = slip.workOfSeparation
            dt = goldenMinimum({ d in rms(slip, { plateau * (1 - exp(-$0 * $0 / (d * d))) }) }, slip.openings.last! * 1e-3, slip.openings.last!)
            tau = plateau / ((exp(1) / 2).squareRoot() * dt)
        }
        let law = XuNeedlemanLaw(normalStrength: normal.peakTraction, normalLength: normal.length, shearStrength: tau, shearLength: dt, r: r)
        let res = rms(data, { law.normalEnergy($0) })
        return CohesiveFit(law: law, rmsResidual: res, relativeResidual: res / data.workOfSeparation)
    }

    /// PPR fit with the data's G and peak traction: λn is solved so the peak sits at the data's
    /// peak opening, and α by least squares on the energy. Shear parameters default to the
    /// normal ones.
    public static func parkPaulinoRoesler(_ data: TabulatedLaw) throws -> CohesiveFit<ParkPaulinoRoeslerLaw> {
        let g = data.workOfSeparation, s = data.peakTraction, peak = data.peakOpening
        func law(alpha: Double) -> ParkPaulinoRoeslerLaw? {
            // Peak opening λn δn(λn) is increasing in λn: bisect for the data's peak opening.
            let upper = min(0.999, (1 / alpha).squareRoot() * 0.999)
            var lo = 1e-4, hi = upper
            for _ in 0..<100 {
                let mid = 0.5 * (lo + hi)
                guard let l = try? ParkPaulinoRoeslerLaw(normalEnergy: g, shearEnergy: g, normalStrength: s, shearStrength: s,
                                                         alpha: alpha, beta: alpha, lambdaN: mid, lambdaT: mid) else { return nil }
                if l.peakOpening < peak { lo = mid } else { hi = mid }
            }
            return try? ParkPaulinoRoeslerLaw(normalEnergy: g, shearEnergy: g, normalStrength: s, shearStrength: s,
                                              alpha: alpha, beta: alpha, lambdaN: 0.5 * (lo + hi), lambdaT: 0.5 * (lo + hi))
        }
        let alpha = goldenMinimum({ a in
            guard let l = law(alpha: a) else { return .infinity }
            return rms(data, { l.normalEnergy($0) })
        }, 1.1, 12, tolerance: 1e-6)
        guard let best = law(alpha: alpha) else { throw InputError("PPR fit failed: no admissible α for this table") }
        let res = rms(data, { best.normalEnergy($0) })
        return CohesiveFit(law: best, rmsResidual: res, relativeResidual: res / g)
    }
}
