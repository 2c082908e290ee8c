import Foundation
import SeamCore
import SeamPotential

/// Generates symmetry-function sets in the style of n2p2's `sfparamgen` tool: radial type-2
/// functions on a grid of widths (centred, rs = 0) or of shifts, and angular type-3 functions
/// with zeta in {1, 2, 4, 16} and lambda = ±1, for every central element and every neighbour
/// element (radial) or unordered neighbour pair (angular).
///
/// Grids (all lengths Å, eta in 1/Å^2), with r_k = r_lower + k (r_c - r_lower)/(n - 1):
/// - centred: rs = 0, eta_k = 1/(2 r_k^2) (a Gaussian of width r_k around the central atom);
/// - shifted: rs = r_k, eta = 1/(2 Δr^2) with Δr = (r_c - r_lower)/(n - 1).
/// Angular functions use the centred grid for eta (rs = 0). Reference: Imbalzano et al.,
/// J. Chem. Phys. 148, 241730 (2018), whose recipes `sfparamgen` implements.
public struct SymmetryFunctionGenerator: Sendable, Hashable {
    public enum RadialGrid: String, Sendable, Hashable { case centered, shifted }

    /// Cutoff radius r_c, Å.
    public var cutoff: Double
    /// Number of radial functions per (central, neighbour) element pair.
    public var radialCount: Int
    /// Smallest grid radius, Å (> 0 for the centred grid).
    public var radialLower: Double
    public var radialGrid: RadialGrid
    /// Number of eta values of the angular functions (each with every zeta and both lambdas).
    public var angularCount: Int
    /// Smallest angular grid radius, Å.
    public var angularLower: Double
    /// zeta values of the angular functions.
    public var zetas: [Double]

    public init(cutoff: Double, radialCount: Int = 6, radialLower: Double = 1.5, radialGrid: RadialGrid = .centered,
                angularCount: Int = 2, angularLower: Double = 1.5, zetas: [Double] = [1, 2, 4, 16]) throws {
        guard cutoff > 0 else { throw InputError("symmetry-function cutoff must be positive, got \(cutoff) Å") }
        guard radialCount >= 1, angularCount >= 0 else { throw InputError("need at least one radial function per element pair") }
        guard radialLower > 0 && radialLower < cutoff, angularLower > 0 && angularLower < cutoff else {
            throw InputError("grid lower radii must lie in (0, cutoff), got \(radialLower) and \(angularLower) Å with cutoff \(cutoff) Å")
        }
        guard zetas.allSatisfy({ $0 >= 1 }) else { throw InputError("zeta values must be >= 1") }
        self.cutoff = cutoff; self.radialCount = radialCount; self.radialLower = radialLower; self.radialGrid = radialGrid
        self.angularCount = angularCount; self.angularLower = angularLower; self.zetas = zetas
    }

    static func grid(_ lower: Double, _ upper: Double, _ n: Int) -> [Double] {
        n == 1 ? [lower] : (0..<n).map { lower + Double($0) * (upper - lower) / Double(n - 1) }
    }

    /// The `symfunction_short` values (text after the keyword) for `elements`, in Å.
    public func lines(elements: [Element]) -> [String] {
        let els = elements.sorted()
        var out: [String] = []
        let radial = Self.grid(radialLower, cutoff, radialCount)
        let angularR = Self.grid(angularLower, cutoff, angularCount)
        for c in els {
            for e in els {
                for (k, r) in radial.enumerated() {
                    let eta: Double, rs: Double
                    switch radialGrid {
                    case .centered: eta = 1 / (2 * r * r); rs = 0
                    case .shifted:
                        let dr = radialCount > 1 ? (cutoff - radialLower) / Double(radialCount - 1) : cutoff - radialLower
                        eta = 1 / (2 * dr * dr); rs = radial[k]
                    }
                    out.append("\(c.symbol) 2 \(e.symbol) \(fmt(eta)) \(fmt(rs)) \(fmt(cutoff))")
                }
            }
            for (a, e1) in els.enumerated() {
                for e2 in els[a...] {
                    for r in angularR {
                        let eta = 1 / (2 * r * r)
                        for zeta in zetas {
                            for lambda in [-1.0, 1.0] {
                                out.append("\(c.symbol) 3 \(e1.symbol) \(e2.symbol) \(fmt(eta)) \(fmt(lambda)) \(fmt(zeta)) \(fmt(cutoff))")
                            }
                        }
                    }
                }
            }
        }
        return out
    }
}

/// %.17g: enough digits that every double reads back bit-identically.
@inlinable
func fmt(_ x: Double) -> String { String(format: "%.17g", x) }

extension SymmetryFunction {
    /// The `symfunction_short` value text of this function (types 2, 3, 9, 12, 13), numbers
    /// with 17 significant digits. Lengths are the settings' own; elements by symbol.
    ///
    /// - Throws: `InputError` for compact types 20-25, which training does not generate.
    public func line(elements: [Element]) throws -> String {
        let c = elements[centralElement].symbol
        func el(_ k: Int?) -> String { elements[k ?? 0].symbol }
        switch type {
        case 2: return "\(c) 2 \(el(element1)) \(fmt(eta)) \(fmt(rs)) \(fmt(cutoff))"
        case 3, 9: return "\(c) \(type) \(el(element1)) \(el(element2)) \(fmt(eta)) \(fmt(lambda)) \(fmt(zeta)) \(fmt(cutoff)) \(fmt(rs))"
        case 12: return "\(c) 12 \(fmt(eta)) \(fmt(rs)) \(fmt(cutoff))"
        case 13: return "\(c) 13 \(fmt(eta)) \(fmt(rs)) \(fmt(lambda)) \(fmt(zeta)) \(fmt(cutoff))"
        default:
            throw InputError("symmetry function type \(type) cannot be used for training", at: location,
                             suggestion: "use types 2, 3, 9, 12 or 13")
        }
    }

    /// The same function with lengths multiplied by `factor` (eta divided by factor^2), e.g.
    /// Bohr -> Å with `LengthUnit.bohr.inAngstrom`.
    public func scaledLengths(by factor: Double) -> SymmetryFunction {
        var s = self
        s.eta = eta / (factor * factor); s.rs = rs * factor; s.cutoff = cutoff * factor
        s.radialLow = radialLow * factor
        return s
    }
}
