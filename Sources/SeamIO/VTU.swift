import Foundation
import SeamCore
import SeamFEM

/// A named field on the points or cells of a VTU file: `components` values per entry, flat.
///
/// Units are the caller's and are written into the file's header comment; Seam's internal
/// units are Å for lengths and displacements and eV/Å^3 for stresses.
public struct VTUField: Sendable, Equatable {
    public var name: String
    /// Values per entry: 1 (scalar), 3 (vector), 6 (symmetric tensor: xx, yy, zz, xy, yz, xz,
    /// ParaView's order) or 9 (full tensor, row-major).
    public var components: Int
    public var values: [Double]
    /// Unit label for the header, e.g. "Å" or "eV/Å^3" (empty when dimensionless).
    public var unit: String

    public init(name: String, components: Int, values: [Double], unit: String = "") {
        precondition([1, 3, 6, 9].contains(components), "VTU fields have 1, 3, 6 or 9 components")
        precondition(values.count % components == 0, "field \(name): \(values.count) values is not a multiple of \(components)")
        self.name = name; self.components = components; self.values = values; self.unit = unit
    }
    public static func scalar(_ name: String, _ v: [Double], unit: String = "") -> VTUField {
        VTUField(name: name, components: 1, values: v, unit: unit)
    }
    public static func vector(_ name: String, _ v: [Vec3], unit: String = "") -> VTUField {
        VTUField(name: name, components: 3, values: v.flatMap { [$0.x, $0.y, $0.z] }, unit: unit)
    }
    /// A full 3x3 tensor per entry (9 components, row-major).
    public static func tensor(_ name: String, _ v: [Mat3], unit: String = "") -> VTUField {
        VTUField(name: name, components: 9, values: v.flatMap { m in (0..<9).map { m[$0 / 3, $0 % 3] } }, unit: unit)
    }
    /// The symmetric part of a tensor per entry (6 components: xx, yy, zz, xy, yz, xz).
    public static func symmetricTensor(_ name: String, _ v: [Mat3], unit: String = "") -> VTUField {
        VTUField(name: name, components: 6, values: v.flatMap { m in
            let s = m.symmetric
            return [s[0, 0], s[1, 1], s[2, 2], s[0, 1], s[1, 2], s[0, 2]]
        }, unit: unit)
    }
    /// Number of entries.
    public var count: Int { values.count / components }
}

/// Writer for VTK XML unstructured grids (`.vtu`, ASCII) and `.pvd` time series.
///
/// Cells are written block after block in `mesh.cells` order (boundary blocks are not
/// written); cell-data arrays follow that order. Two integer cell arrays are always added:
/// `block` (index into `mesh.cells`) and `tag` (physical tag). Node order is converted from
/// Gmsh's to VTK's (they differ only for the 10-node tetrahedron: Gmsh nodes 8 and 9 are the
/// edges 2-3 and 1-3, VTK's 1-3 and 2-3). Numbers are written in Swift's shortest
/// round-trip form, so values read back exactly. Pure `-> String`; `write` uses `AtomicFile`.
public enum VTU {
    /// VTK cell type id.
    public static func vtkType(_ t: CellType) -> UInt8 {
        switch t {
        case .line2: 3
        case .line3: 21
        case .triangle3: 5
        case .triangle6: 22
        case .quadrilateral4: 9
        case .tetrahedron4: 10
        case .tetrahedron10: 24
        case .hexahedron8: 12
        }
    }

    /// VTK position of each Gmsh-ordered node: vtk[k] = gmsh[order[k]].
    public static func vtkNodeOrder(_ t: CellType) -> [Int] {
        t == .tetrahedron10 ? [0, 1, 2, 3, 4, 5, 6, 7, 9, 8] : Array(0..<t.nodeCount)
    }

    /// von Mises equivalent stress √(3/2 s:s), s = dev σ (same unit as σ).
    public static func vonMises(_ sigma: Mat3) -> Double {
        let s = sigma.symmetric - (sigma.trace / 3) * Mat3.identity
        return (1.5 * s.contract(s)).squareRoot()
    }

    /// The VTU document. Point fields need `mesh.nodes.count` entries, cell fields
    /// `mesh.cellCount` (checked with a precondition: a programmer error).
    /// - Parameters:
    ///   - lengthUnit: unit of the node coordinates, for the header (default Å).
    ///   - comment: extra header text (e.g. the load step and time).
    public static func render(mesh: Mesh, pointData: [VTUField] = [], cellData: [VTUField] = [],
                              lengthUnit: String = "Å", comment: String? = nil) -> String {
        let nPoints = mesh.nodes.count, nCells = mesh.cellCount
        for f in pointData { precondition(f.count == nPoints, "point field \(f.name) has \(f.count) entries, mesh \(nPoints) nodes") }
        for f in cellData { precondition(f.count == nCells, "cell field \(f.name) has \(f.count) entries, mesh \(nCells) cells") }
        var out = "<?xml version=\"1.0\"?>\n"
        var units = ["coordinates: \(lengthUnit)"]
        for f in pointData + cellData where !f.unit.isEmpty { units.append("\(f.name): \(f.unit)") }
        out += "<!-- Written by Seam. Units: \(xmlComment(units.joined(separator: "; ")))"
        if let comment { out += ". \(xmlComment(comment))" }
        out += " -->\n"
        out += "<VTKFile type=\"UnstructuredGrid\" version=\"1.0\" byte_order=\"LittleEndian\" header_type=\"UInt64\">\n"
        out += "  <UnstructuredGrid>\n"
        out += "    <Piece NumberOfPoints=\"\(nPoints)\" NumberOfCells=\"\(nCells)\">\n"
        if !pointData.isEmpty {
            out += "      <PointData>\n"
            for f in pointData { out += dataArray(f) }
            out += "      </PointData>\n"
        }
        out += "      <CellData>\n"
        for f in cellData { out += dataArray(f) }
        var blockIds: [Int32] = [], tags: [Int32] = []
        for (b, block) in mesh.cells.enumerated() {
            blockIds += [Int32](repeating: Int32(b), count: block.count); tags += block.tags
        }
        out += intArray("block", type: "Int32", blockIds.map(String.init))
        out += intArray("tag", type: "Int32", tags.map(String.init))
        out += "      </CellData>\n"
        out += "      <Points>\n"
        out += "        <DataArray type=\"Float64\" Name=\"Points\" NumberOfComponents=\"3\" format=\"ascii\">\n"
        for p in mesh.nodes { out += "          \(p.x) \(p.y) \(p.z)\n" }
        out += "        </DataArray>\n      </Points>\n"
        out += "      <Cells>\n"
        var connectivity: [String] = [], offsets: [String] = [], types: [String] = []
        var offset = 0
        for block in mesh.cells {
            let order = vtkNodeOrder(block.type), type = String(vtkType(block.type))
            for c in 0..<block.count {
                let nodes = Array(block.nodes(of: c))
                connectivity.append(order.map { String(nodes[$0]) }.joined(separator: " "))
                offset += nodes.count
                offsets.append(String(offset)); types.append(type)
            }
        }
        out += "        <DataArray type=\"Int64\" Name=\"connectivity\" format=\"ascii\">\n"
        for line in connectivity { out += "          \(line)\n" }
        out += "        </DataArray>\n"
        out += intArray("offsets", type: "Int64", offsets, indent: "        ")
        out += intArray("types", type: "UInt8", types, indent: "        ")
        out += "      </Cells>\n    </Piece>\n  </UnstructuredGrid>\n</VTKFile>\n"
        return out
    }

    /// Renders and writes a .vtu file atomically.
    public static func write(mesh: Mesh, pointData: [VTUField] = [], cellData: [VTUField] = [],
                             lengthUnit: String = "Å", comment: String? = nil, to url: URL) throws {
        try AtomicFile.write(render(mesh: mesh, pointData: pointData, cellData: cellData,
                                    lengthUnit: lengthUnit, comment: comment), to: url)
    }

    static func dataArray(_ f: VTUField) -> String {
        var s = "        <DataArray type=\"Float64\" Name=\"\(xmlAttribute(f.name))\" NumberOfComponents=\"\(f.components)\" format=\"ascii\">\n"
        for e in 0..<f.count {
            s += "          " + f.values[(e * f.components)..<((e + 1) * f.components)].map { "\($0)" }.joined(separator: " ") + "\n"
        }
        return s + "        </DataArray>\n"
    }

    static func intArray(_ name: String, type: String, _ values: [String], indent: String = "        ") -> String {
        var s = "\(indent)<DataArray type=\"\(type)\" Name=\"\(name)\" format=\"ascii\">\n"
        var i = 0
        while i < values.count {
            s += indent + "  " + values[i..<min(values.count, i + 20)].joined(separator: " ") + "\n"
            i += 20
        }
        return s + "\(indent)</DataArray>\n"
    }

    /// Escapes text for an XML attribute value.
    static func xmlAttribute(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    /// Makes text safe inside an XML comment ("--" is not allowed there).
    static func xmlComment(_ s: String) -> String { s.replacingOccurrences(of: "--", with: "- -") }
}

/// Writer for ParaView `.pvd` collections: a time series of `.vtu` files.
public enum PVD {
    /// One entry: the time (in the caller's unit, stated in `timeUnit`) and the file path
    /// relative to the .pvd file.
    public struct Entry: Sendable, Equatable {
        public var time: Double
        public var file: String
        public init(time: Double, file: String) { self.time = time; self.file = file }
    }

    /// The .pvd document, entries in the given order.
    public static func render(_ entries: [Entry], timeUnit: String = "fs") -> String {
        var out = "<?xml version=\"1.0\"?>\n<!-- Written by Seam. timestep unit: \(VTU.xmlComment(timeUnit)) -->\n"
        out += "<VTKFile type=\"Collection\" version=\"0.1\" byte_order=\"LittleEndian\">\n  <Collection>\n"
        for e in entries {
            out += "    <DataSet timestep=\"\(e.time)\" group=\"\" part=\"0\" file=\"\(VTU.xmlAttribute(e.file))\"/>\n"
        }
        return out + "  </Collection>\n</VTKFile>\n"
    }

    /// Renders and writes a .pvd file atomically.
    public static func write(_ entries: [Entry], timeUnit: String = "fs", to url: URL) throws {
        try AtomicFile.write(render(entries, timeUnit: timeUnit), to: url)
    }
}
