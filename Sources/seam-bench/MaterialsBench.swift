import Foundation
import SeamCore
import SeamPotential
import SeamFEM

/// Material-point costs: one full response (W, P, A) of the neo-Hookean material and of
/// Cauchy-Born materials with Lennard-Jones (fcc, one atom, cutoffs 3σ and 8σ; hcp with inner
/// relaxation). Prints `RESULT <name> <value> <unit>` lines; `--quick` repeats less.
func runMaterialsBenchmarks(arguments: [String]) {
    let clock = ContinuousClock()
    let quick = arguments.contains("--quick")
    func time(_ name: String, repeats: Int, _ body: () throws -> Double) {
        var sink = 0.0
        do {
            sink += try body()  // warm-up
            let start = clock.now
            let n = quick ? max(1, repeats / 10) : repeats
            for _ in 0..<n { sink += try body() }
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            print("RESULT \(name) \(String(format: "%.2f", seconds / Double(n) * 1e6)) us")
        } catch {
            print("RESULT \(name) failed \(error)")
        }
        if sink.isNaN { print("(nan)") }
    }
    let f = Mat3.identity + 0.02 * Mat3([1, 0.4, -0.2, 0.1, -0.6, 0.3, -0.3, 0.2, 0.5])
    let ar = Element(symbol: "Ar")!
    do {
        let nh = try CompressibleNeoHookean(youngsModulus: 1, poissonRatio: 0.3)
        time("material_neohookean_response", repeats: 100_000) { try nh.response(at: f, request: .all).energyDensity }
        for rc in [3.0, 8.0] {
            let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: rc, switchWidth: 0.5 * rc / 3)
            let fcc = try CauchyBornMaterial(potential: lj, lattice: .fcc(latticeConstant: 1.55, element: ar))
            time("material_cauchy_born_fcc_lj_rc\(Int(rc))_response", repeats: rc > 5 ? 5 : 50) {
                try fcc.response(at: f, request: .all).energyDensity
            }
        }
        let lj = try LennardJones(epsilon: 1, sigma: 1, cutoff: 3, switchWidth: 0.5)
        let hcp = try CauchyBornMaterial(potential: lj, lattice: .hcp(latticeConstant: 1.09, element: ar))
        time("material_cauchy_born_hcp_relaxed_lj_rc3_response", repeats: 20) { try hcp.response(at: f, request: .all).energyDensity }
    } catch {
        print("RESULT materials failed \(error)")
    }
}
