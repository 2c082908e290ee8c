import Foundation
import Testing
import SeamCore
import SeamFEM
import SeamIO

@Test func resultWriterWritesOneVTUPerStepASeriesAndReactionsThatBalanceTheLoad() throws {
    // A 10 x 4 plane-strain bar, left edge clamped in x (bottom-left corner in y), right edge
    // pulled by a prescribed displacement: the left reaction balances the right one.
    let mesh = try StructuredMesh.rectangle(cellsX: 10, cellsY: 4, width: 10, height: 4, cellType: .quadrilateral4)
    let material = try LinearElasticIsotropic(youngsModulus: 1, poissonRatio: 0.3)
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seam-fem-out-\(UUID().uuidString)")
    var writer = try FEMResultWriter(directory: dir, prefix: "bar")
    for (step, stretch) in [0.01, 0.02].enumerated() {
        let model = try ElasticityModel(mesh: mesh, analysis: .planeStrain(), material: material, dirichlet: [
            .fixed("left", components: [0]),
            .prescribed("right", components: [0]) { _ in Vec3(10 * stretch, 0, 0) },
            .init(.nodes([0]), components: [1]) { _ in .zero },
        ])
        let u = try model.solveLinear()
        let url = try writer.write(model: model, displacement: u, time: Double(step + 1))
        #expect(FileManager.default.fileExists(atPath: url.path))
    }
    let pvd = try String(contentsOf: dir.appendingPathComponent("bar.pvd"), encoding: .utf8)
    #expect(pvd.contains("bar_0000.vtu") && pvd.contains("bar_0001.vtu"))
    let vtu = try String(contentsOf: dir.appendingPathComponent("bar_0001.vtu"), encoding: .utf8)
    for field in ["displacement", "strain", "stress", "von_mises", "element_block"] { #expect(vtu.contains("Name=\"\(field)\"")) }
    let csv = try String(contentsOf: dir.appendingPathComponent("bar_reactions.csv"), encoding: .utf8)
    let rows = csv.split(whereSeparator: \.isNewline)
    #expect(rows.count == 3)
    let header = rows[0].split(separator: ",").map(String.init)
    let last = rows[2].split(separator: ",").map { Double($0)! }
    let left = last[header.firstIndex(of: "reaction_left_x [eV/Angstrom]")!]
    let right = last[header.firstIndex(of: "reaction_right_x [eV/Angstrom]")!]
    // Plane strain, uniaxial stress state with free top/bottom: σ_xx = E/(1-ν²) ε, force = σ_xx · height · thickness.
    let expected = 1 / (1 - 0.09) * 0.02 * 4
    #expect(abs(right - expected) < 1e-9 && abs(left + expected) < 1e-9)
}
