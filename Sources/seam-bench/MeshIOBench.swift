import Foundation
import SeamCore
import SeamFEM
import SeamIO

/// Mesh I/O costs on a structured 500 x 500 quadrilateral mesh (251 001 nodes, 250 000
/// cells; 100 x 100 with `--quick`): parsing the Gmsh 4.1 text and rendering a VTU (ASCII and base64) with a
/// displacement field and a stress tensor. Prints `RESULT <name> <value> <unit>` lines.
func runMeshIOBenchmarks(arguments: [String]) {
    let n = arguments.contains("--quick") ? 100 : 500, clock = ContinuousClock()
    let label = n == 500 ? "quad_250k" : "quad_10k"
    var text = "$MeshFormat\n4.1 0 8\n$EndMeshFormat\n$Nodes\n1 \((n + 1) * (n + 1)) 1 \((n + 1) * (n + 1))\n2 1 0 \((n + 1) * (n + 1))\n"
    for k in 1...((n + 1) * (n + 1)) { text += "\(k)\n" }
    for j in 0...n { for i in 0...n { text += "\(Double(i) * 0.5) \(Double(j) * 0.5) 0\n" } }
    text += "$EndNodes\n$Elements\n1 \(n * n) 1 \(n * n)\n2 1 3 \(n * n)\n"
    var e = 0
    for j in 0..<n { for i in 0..<n {
        e += 1
        let a = j * (n + 1) + i + 1
        text += "\(e) \(a) \(a + 1) \(a + n + 2) \(a + n + 1)\n"
    } }
    text += "$EndElements\n"
    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
    do {
        let t0 = clock.now
        let mesh = try Gmsh.parse(text, source: "bench.msh")
        print("RESULT gmsh_parse_\(label) \(String(format: "%.3f", seconds(clock.now - t0))) s")
        print("RESULT gmsh_text_size \(String(format: "%.2f", Double(text.utf8.count) / 1e6)) MB")
        let u = mesh.nodes.map { Vec3(1e-3 * $0.y, 0, 0) }
        let sigma = [Mat3](repeating: Mat3([1, 0.2, 0, 0.2, -1, 0, 0, 0, 0.3]), count: mesh.cellCount)
        for encoding in VTU.Encoding.allCases {
            let t1 = clock.now
            let vtu = VTU.render(mesh: mesh, pointData: [.vector("displacement", u, unit: "Å")],
                                 cellData: [.symmetricTensor("stress", sigma, unit: "eV/Å^3"), .scalar("von_mises", sigma.map(PointValues.vonMises))],
                                 encoding: encoding)
            print("RESULT vtu_render_\(encoding.rawValue)_\(label) \(String(format: "%.3f", seconds(clock.now - t1))) s")
            print("RESULT vtu_size_\(encoding.rawValue)_\(label) \(String(format: "%.2f", Double(vtu.utf8.count) / 1e6)) MB")
        }
    } catch {
        print("RESULT mesh_io failed \(error)")
    }
}
