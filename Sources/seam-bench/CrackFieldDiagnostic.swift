import Foundation
import SeamCore
import SeamPotential
import SeamFEM
import SeamCoupling

/// Where the coupled crack field departs from the full-atomistic one at one K: both relaxed
/// from the inserted state; the displacement difference (Å) per ring of distance from the tip
/// (region atoms directly, the continuum through the finite-element interpolation at the full
/// model's atom sites), and the crack opening (upper minus lower face, Å) along the faces.
func crackFieldDiagnostic(_ problem: KFieldCrackProblem<LennardJones>, k: Double, arguments: [String] = []) throws {
    let c = try problem.solve(.coupled, k: k)
    let f = try problem.solve(.fullAtomistic, k: k)
    let full = problem.fullStructure.positions
    var key: [String: Int] = [:]
    func id(_ x: Vec3) -> String { String(format: "%.3f_%.3f_%.3f", x.x, x.y, x.z) }
    for i in problem.coupled.realAtoms { key[id(problem.coupled.reference.positions[i])] = i }
    let tip = problem.tip
    var rings: [Int: (n: Int, sum: Double, max: Double, ux: Double, uy: Double)] = [:]
    var opening: [Double: (cu: Double, cl: Double, fu: Double, fl: Double)] = [:]
    let h = problem.layout.crack!.height, b = problem.configuration.crystal.cell[1, 1]
    for (i, x) in full.enumerated() {
        let uf = f.state.positions[i] - x
        let uc: Vec3
        // Face atoms lie on an edge of the mesh gap: probe a hair inside their own side.
        if let j = key[id(x)] { uc = c.state.positions[j] - x }
        else if let d = problem.coupled.interpolatedDisplacement(at: x + Vec3(0, x.y > h ? 1e-6 : -1e-6, 0), c.state.displacement) { uc = d }
        else { continue }
        let diff = Vec3(uc.x - uf.x, uc.y - uf.y, 0)
        // Rings of distance from the tip (< 8 Å, then octaves), the two face layers left out.
        if abs(x.y - h) >= 0.3 * b {
            let r = (x - tip).norm
            let ring = r < 8 ? 0 : Int(log2(r / 8)) + 1
            var e = rings[ring] ?? (0, 0, 0, 0, 0)
            e.n += 1; e.sum += diff.norm * diff.norm; e.max = max(e.max, diff.norm); e.ux += diff.x; e.uy += diff.y
            rings[ring] = e
        }
        // Faces: the layers just above and below the plane.
        if abs(x.y - h) < 0.3 * b, x.x < tip.x {
            var o = opening[(x.x * 100).rounded() / 100] ?? (0, 0, 0, 0)
            if x.y > h { o.cu = uc.y; o.fu = uf.y } else { o.cl = uc.y; o.fl = uf.y }
            opening[(x.x * 100).rounded() / 100] = o
        }
    }
    print("# field diagnostic at K = \(k): coupled tip \(c.tipAdvance) Å (\(c.iterations) it), full tip \(f.tipAdvance) Å (\(f.iterations) it)")
    for ring in rings.keys.sorted() {
        let e = rings[ring]!
        let r0 = ring == 0 ? 0 : 8 * pow(2, Double(ring - 1))
        print("#   r >= \(r0) Å: \(e.n) sites, rms |u_c - u_f| \(String(format: "%.5f", (e.sum / Double(e.n)).squareRoot())) Å, max \(String(format: "%.5f", e.max)), mean (\(String(format: "%+.5f", e.ux / Double(e.n))), \(String(format: "%+.5f", e.uy / Double(e.n))))")
    }
    var summary = "# opening coupled/full:"
    for target in [6.0, 9.0, 12.0, 20.0, 30.0, 45.0] {
        if let x = opening.keys.filter({ opening[$0]!.fu != 0 && opening[$0]!.fl != 0 }).min(by: { abs(tip.x - $0 - target) < abs(tip.x - $1 - target) }) {
            let o = opening[x]!
            summary += String(format: " r %.1f: %.4f", tip.x - x, (o.cu - o.cl) / (o.fu - o.fl))
        }
    }
    print(summary)
    for x in opening.keys.sorted() where arguments.contains("--faces") {
        let o = opening[x]!
        print("#   face x - tip \(String(format: "%8.2f", x - tip.x)): opening coupled \(String(format: "%.5f", o.cu - o.cl)) full \(String(format: "%.5f", o.fu - o.fl)) Å; upper uy c \(String(format: "%.5f", o.cu)) f \(String(format: "%.5f", o.fu))")
    }
}
