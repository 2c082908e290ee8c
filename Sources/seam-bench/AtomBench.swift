import Foundation
import SeamCore
import SeamIO
import SeamNumerics
import SeamPotential

/// Atomistic-tools benchmarks: Lennard-Jones energy + forces + virial on fcc crystals
/// (r_c = 2.5σ, switch width 0.5σ; 4,000 and 32,000 atoms) with the neighbour list prebuilt and
/// including its build; L-BFGS relaxation of a perturbed 4,000-atom crystal (evaluations per
/// second); extended XYZ format + parse of 32,000 atoms with forces.
///
/// Arguments: `--max-atoms N` (skip larger systems), `--repeats N` (timed repetitions, best kept).
func runAtomBenchmarks(arguments: [String]) {
    func value(_ flag: String) -> String? {
        guard let i = arguments.firstIndex(of: flag), i + 1 < arguments.count else { return nil }
        return arguments[i + 1]
    }
    let maxAtoms = value("--max-atoms").flatMap { Int($0) } ?? 32_000
    let repeats = max(1, value("--repeats").flatMap { Int($0) } ?? 3)
    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }
    func best(_ body: () throws -> Void) rethrows -> Double {
        var t = Double.infinity
        for _ in 0..<repeats { let t0 = now(); try body(); t = min(t, now() - t0) }
        return t
    }
    do {
        print("# atom benchmark: Lennard-Jones (rc 2.5 sigma), minimisers, extended XYZ; best of \(repeats)")
        let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: 2.5, switchWidth: 0.5)
        let a = 1.09 * 2.0.squareRoot()
        let basis = [Vec3(0, 0, 0), Vec3(0.5, 0.5, 0), Vec3(0.5, 0, 0.5), Vec3(0, 0.5, 0.5)].map { a * $0 }
        let cell = try Structure(elements: Array(repeating: Element(symbol: "Ar")!, count: 4), positions: basis,
                                 cell: Mat3(diagonal: a, a, a), periodic: [true, true, true])
        for n in [10, 20] where 4 * n * n * n <= maxAtoms {
            let s = cell.replicated(n, n, n)
            let list = NeighborList(structure: s, cutoff: lj.cutoff)
            let compute = try best { _ = try lj.evaluate(s, neighbors: list, request: [.energy, .forces, .virial]) }
            let whole = try best { _ = try lj.evaluate(s, request: [.energy, .forces, .virial]) }
            print("RESULT lj_compute_\(s.count)_atoms \(String(format: "%.3f", compute * 1e3)) ms")
            print("RESULT lj_compute_per_atom_\(s.count)_atoms \(String(format: "%.3f", compute / Double(s.count) * 1e6)) us")
            print("RESULT lj_with_list_\(s.count)_atoms \(String(format: "%.3f", whole * 1e3)) ms")
        }
        if maxAtoms >= 4000 {
            var s = cell.replicated(10, 10, 10)
            var g = SeededGenerator(seed: 1)
            s.positions = s.positions.map { $0 + 0.05 * Vec3(g.gaussian(), g.gaussian(), g.gaussian()) }
            var evaluations = 0
            let t0 = now()
            let r = try Relaxation.relaxPositions(s, potential: lj, minimizer: LBFGS(forceTolerance: 1e-4)) { evaluations = $0.evaluations }
            let t = now() - t0
            print("RESULT lbfgs_relax_4000_atoms \(String(format: "%.3f", t)) s")
            print("RESULT lbfgs_relax_4000_atoms_iterations \(r.iterations) count")
            print("RESULT lbfgs_relax_4000_atoms_evaluations_per_second \(String(format: "%.1f", Double(evaluations) / t)) 1/s")
        }
        if maxAtoms >= 32_000 {
            let s = cell.replicated(20, 20, 20)
            let frame = ExtendedXYZ.Frame(structure: s, energy: -1, forces: s.positions.map { 1e-3 * $0 })
            var text = ""
            let tFormat = best { text = ExtendedXYZ.format(frame) }
            let tParse = try best { _ = try ExtendedXYZ.parse(text, source: "bench") }
            print("RESULT extxyz_format_32000_atoms \(String(format: "%.3f", tFormat * 1e3)) ms")
            print("RESULT extxyz_parse_32000_atoms \(String(format: "%.3f", tParse * 1e3)) ms")
        }
    } catch {
        print("# atom benchmark failed: \(error)")
    }
}
