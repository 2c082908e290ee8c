import Foundation
import SeamCore
import SeamFEM

/// Writes the fields of a finite-element solution for ParaView and spreadsheets: one VTU file
/// per load step (displacement; cell-averaged strain, Cauchy stress (GPa), von Mises (GPa);
/// element block and physical tag), a `.pvd` series rewritten after every step, and a CSV of
/// the reaction forces (eV/Å) summed per named node set, one row per step.
///
/// Files are written atomically, so a run killed between steps leaves a consistent series.
public struct FEMResultWriter: Sendable {
    public let directory: URL
    public let prefix: String
    public private(set) var entries: [PVD.Entry] = []
    private var reactions: CSVTable?
    private var setNames: [String] = []

    /// - Parameters: directory (created if missing) and the file-name prefix.
    public init(directory: URL, prefix: String) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.directory = directory; self.prefix = prefix
    }

    /// Writes step `entries.count` at pseudo-time `time` (the load factor, or fs for dynamics).
    /// - Parameters: displacement per full dof (Å); `linearized` chooses small-strain measures.
    @discardableResult
    public mutating func write<M: Material>(model: ElasticityModel<M>, displacement u: [Double], time: Double,
                                            loadFactor: Double = 1, linearized: Bool = true) throws -> URL {
        let mesh = model.mesh, d = model.dimension
        precondition(u.count == mesh.nodes.count * d, "displacement has \(u.count) values for \(mesh.nodes.count) nodes x \(d)")
        let disp = (0..<mesh.nodes.count).map { n in d == 2 ? Vec3(u[2 * n], u[2 * n + 1], 0) : Vec3(u[3 * n], u[3 * n + 1], u[3 * n + 2]) }
        let cells = try model.cellAverageValues(u, linearized: linearized).flatMap { $0 }
        let toGPa = Units.gigapascalPerEvPerCubicAngstrom
        var block: [Double] = [], tag: [Double] = []
        for (b, cb) in mesh.cells.enumerated() { for c in 0..<cb.count { block.append(Double(b)); tag.append(Double(cb.tags[c])) } }
        let name = String(format: "%@_%04d.vtu", prefix, entries.count)
        let url = directory.appendingPathComponent(name)
        try VTU.write(mesh: mesh, pointData: [.vector("displacement", disp, unit: "Å")],
                      cellData: [
                          .symmetricTensor("strain", cells.map(\.strain)),
                          .symmetricTensor("stress", cells.map { toGPa * $0.stress }, unit: "GPa"),
                          .scalar("von_mises", cells.map { toGPa * $0.vonMises }, unit: "GPa"),
                          .scalar("element_block", block), .scalar("physical_tag", tag),
                      ],
                      comment: "step \(entries.count), time \(time)", encoding: .base64, to: url)
        entries.append(PVD.Entry(time: time, file: name))
        try PVD.write(entries, timeUnit: "load factor", to: directory.appendingPathComponent(prefix + ".pvd"))
        // Reactions per named node set.
        let r = try model.reactionForces(u, loadFactor: loadFactor, linearized: linearized)
        if reactions == nil {
            setNames = r.keys.sorted()
            var columns: [CSVTable.Column] = [.init("step"), .init("time")]
            for s in setNames { for c in ["x", "y", "z"].prefix(d) { columns.append(.init("reaction_\(s)_\(c)", unit: "eV/Angstrom")) } }
            reactions = CSVTable(columns: columns)
        }
        var row: [Double] = [Double(entries.count - 1), time]
        for s in setNames { let v = r[s] ?? .zero; for c in 0..<d { row.append(v[c]) } }
        reactions!.append(numbers: row)
        try reactions!.write(to: directory.appendingPathComponent(prefix + "_reactions.csv"))
        return url
    }
}
