import Foundation
import SeamCohesive
import SeamCore
import SeamIO
import SeamNumerics
import SeamPotential

/// CSV and SVG renderings of derived cohesive laws (opening Å, φ J/m^2, traction GPa), shared
/// by `seam cohesive` and the `cohesive-law` deck kind.
public enum CohesiveReport {
    public static func csv(_ laws: [DerivedLaw]) -> String {
        var table = CSVTable(columns: [
            .init("mode"), .init("relaxed"), .init("opening", unit: "Angstrom"),
            .init("energy_per_area", unit: "J/m^2"), .init("traction", unit: "GPa"),
        ])
        for law in laws {
            for k in law.openings.indices {
                table.append([.text(law.mode), .text(law.relaxed ? "yes" : "no"), .number(law.openings[k]),
                              .number(law.energies[k] * Units.joulePerSquareMetrePerEvPerSquareAngstrom),
                              .number(law.tractions[k] * Units.gigapascalPerEvPerCubicAngstrom)])
            }
        }
        return table.render()
    }

    public static func svg(_ laws: [DerivedLaw], title: String) -> String {
        var series: [SVGPlot.Series] = []
        for (k, law) in laws.enumerated() {
            let name = "\(law.mode)\(laws.count > 1 ? " \(k)" : "")"
            series.append(.init(name: "\(name): energy [J/m^2]", x: law.openings,
                                y: law.energies.map { $0 * Units.joulePerSquareMetrePerEvPerSquareAngstrom }, markers: true))
            series.append(.init(name: "\(name): traction [GPa]", x: law.openings,
                                y: law.tractions.map { $0 * Units.gigapascalPerEvPerCubicAngstrom }, dashed: true))
        }
        let plot = SVGPlot(title: "Cohesive law: \(title)", xLabel: "opening δ [Å]", yLabel: "φ [J/m^2], T [GPa]", series: series)
        return plot.render()
    }
}

/// Relaxes a structure with some atoms held, for relaxed law derivations (L-BFGS); a relaxation
/// that stops before `forceTolerance` (eV/Å) is reported through `warn`.
public struct StructureRelaxer<P: Potential>: Sendable {
    public let potential: P
    public let forceTolerance: Double
    public let warn: @Sendable (String) -> Void
    public init(potential: P, forceTolerance: Double, warn: @escaping @Sendable (String) -> Void) {
        self.potential = potential; self.forceTolerance = forceTolerance; self.warn = warn
    }
    public func relax(_ s: Structure, held: [Bool]) throws -> Structure {
        let fixed = Set(held.indices.filter { held[$0] })
        let r = try Relaxation.relaxPositions(s, potential: potential, minimizer: LBFGS(forceTolerance: forceTolerance, maxIterations: 2000),
                                              fixed: fixed)
        if !r.converged {
            warn(String(format: "warning: relaxation stopped after %d iterations with max force %.3g eV/Å", r.iterations, r.maxForce))
        }
        return r.structure
    }
}

/// Builds the cleaved interface slab of a lattice (bulk cell, orientation with the Miller plane
/// normal along z, two halves of at least `halfThickness` Å, repeated in plane).
public enum CleavedInterface {
    /// - Returns: the slab, the oriented bulk cell (for the surface energy) and a description.
    public static func build(lattice: LatticeKind, latticeConstant a: Double, c: Double?, element: String, miller m: [Int],
                             repetitions r: [Int], halfThickness: Double) throws -> (slab: InterfaceSlab, bulk: Structure, description: String) {
        let el = try Element.parse(element)
        let bulk: Structure
        switch lattice {
        case .fcc: bulk = Crystal.fcc(el, a: a)
        case .bcc: bulk = Crystal.bcc(el, a: a)
        case .diamond: bulk = Crystal.diamond(el, a: a)
        case .sc: bulk = Crystal.simpleCubic(el, a: a)
        case .hcp: bulk = Crystal.hcp(el, a: a, c: c ?? a * (8.0 / 3).squareRoot())
        }
        precondition(m.count == 3 && r.count == 2, "Miller indices need 3 and repetitions 2 integers")
        let oriented = try Crystal.oriented(bulk, miller: (m[0], m[1], m[2]))
        let slab = try InterfaceSlab.cleaving(oriented, halfThickness: halfThickness, inPlane: (r[0], r[1]))
        return (slab, oriented, "\(lattice.rawValue) a=\(a) Å \(element) (\(m.map(String.init).joined(separator: " ")))")
    }
}
