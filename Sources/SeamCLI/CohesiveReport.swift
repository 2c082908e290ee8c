import SeamCohesive
import SeamCore
import SeamIO
import SeamNumerics
import SeamPotential

/// CSV and SVG renderings of derived cohesive laws (opening Å, φ J/m^2, traction GPa).
enum CohesiveReport {
    static func csv(_ laws: [DerivedLaw]) -> String {
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

    static func svg(_ laws: [DerivedLaw], title: String) -> String {
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

/// Relaxes a structure with some atoms held, for relaxed law derivations (L-BFGS).
struct StructureRelaxer<P: Potential>: Sendable {
    let potential: P
    let forceTolerance: Double
    func relax(_ s: Structure, held: [Bool]) throws -> Structure {
        let fixed = Set(held.indices.filter { held[$0] })
        let r = try Relaxation.relaxPositions(s, potential: potential, minimizer: LBFGS(forceTolerance: forceTolerance, maxIterations: 2000),
                                              fixed: fixed)
        if !r.converged {
            note(String(format: "warning: relaxation stopped after %d iterations with max force %.3g eV/Å", r.iterations, r.maxForce))
        }
        return r.structure
    }
}
