import Foundation
import Testing
import SeamCore
import SeamFEM
import SeamIO

/// A 2D mesh with a quadrilateral block and a triangle block: 6 nodes, 1 quad + 2 triangles.
func mixedMesh() -> Mesh {
    let nodes = [Vec3(0, 0, 0), Vec3(1, 0, 0), Vec3(2, 0, 0), Vec3(0, 1, 0), Vec3(1, 1, 0), Vec3(2, 1, 0)]
    return Mesh(dimension: 2, nodes: nodes, cells: [
        CellBlock(type: .quadrilateral4, connectivity: [0, 1, 4, 3], tags: [7]),
        CellBlock(type: .triangle3, connectivity: [1, 2, 5, 1, 5, 4], tags: [8, 9]),
    ])
}

func dataArray(_ root: XMLNode, _ name: String) -> XMLNode? { root.all("DataArray").first { $0.attributes["Name"] == name } }

@Test func vtuOfMixedMeshHasCountsTypesConnectivityAndFieldValues() throws {
    let mesh = mixedMesh()
    let u = (0..<6).map { Vec3(0.1 * Double($0), -0.2, 0) }
    let sigma = (0..<3).map { c in Mat3([1, 0.5, 0, 0.5, -2, 0.25, 0, 0.25, 3]) + Double(c) * Mat3.identity }
    let text = VTU.render(mesh: mesh, pointData: [.vector("displacement", u, unit: "Å"), .scalar("id", (0..<6).map(Double.init))],
                          cellData: [.tensor("stress", sigma, unit: "eV/Å^3"), .symmetricTensor("stress6", sigma, unit: "eV/Å^3"),
                                     .scalar("von Mises", sigma.map(PointValues.vonMises), unit: "eV/Å^3")])
    #expect(text.contains("displacement: Å") && text.contains("stress: eV/Å^3"))
    let root = try XMLNode.parse(text)
    #expect(root.name == "VTKFile" && root.attributes["type"] == "UnstructuredGrid")
    let piece = try #require(root.first("Piece"))
    #expect(piece.attributes["NumberOfPoints"] == "6" && piece.attributes["NumberOfCells"] == "3")
    #expect(dataArray(root, "types")?.numbers == [9, 5, 5])
    #expect(dataArray(root, "offsets")?.numbers == [4, 7, 10])
    #expect(dataArray(root, "connectivity")?.numbers == [0, 1, 4, 3, 1, 2, 5, 1, 5, 4])
    #expect(dataArray(root, "tag")?.numbers == [7, 8, 9])
    #expect(dataArray(root, "block")?.numbers == [0, 1, 1])
    let points = try #require(root.first("Points")?.first("DataArray"))
    #expect(points.numbers == mesh.nodes.flatMap { [$0.x, $0.y, $0.z] })
    let disp = try #require(dataArray(root, "displacement"))
    #expect(disp.attributes["NumberOfComponents"] == "3")
    #expect(disp.numbers == u.flatMap { [$0.x, $0.y, $0.z] })  // shortest round-trip: exact
    let s9 = try #require(dataArray(root, "stress")).numbers
    #expect(s9.count == 27 && s9[9 + 4] == -1 && s9[9 + 5] == 0.25)
    let s6 = try #require(dataArray(root, "stress6"))
    #expect(s6.attributes["NumberOfComponents"] == "6")
    #expect(Array(s6.numbers.prefix(6)) == [1, -2, 3, 0.5, 0.25, 0])  // xx yy zz xy yz xz
    #expect(dataArray(root, "von Mises")?.numbers.count == 3)
}

@Test func vtuUsesVTKCellTypeIds() throws {
    // VTK ids from vtkCellType.h.
    let expected: [CellType: UInt8] = [.line2: 3, .line3: 21, .triangle3: 5, .triangle6: 22, .quadrilateral4: 9,
                                       .tetrahedron4: 10, .tetrahedron10: 24, .hexahedron8: 12]
    for t in CellType.allCases {
        let mesh = Mesh(dimension: 3, nodes: (0..<t.nodeCount).map { Vec3(Double($0), Double($0 * $0), 0) },
                        cells: [CellBlock(type: t, connectivity: (0..<t.nodeCount).map(Int32.init))])
        let root = try XMLNode.parse(VTU.render(mesh: mesh))
        #expect(dataArray(root, "types")?.numbers == [Double(expected[t]!)])
        #expect(dataArray(root, "offsets")?.numbers == [Double(t.nodeCount)])
    }
}

@Test func vtuReordersTet10MidEdgeNodesFromGmshToVTK() throws {
    // Gmsh 10-node tet: node 8 on edge 2-3, node 9 on edge 1-3; VTK: 8 on 1-3, 9 on 2-3.
    let corners = [Vec3(0, 0, 0), Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1)]
    let gmshEdges = [(0, 1), (1, 2), (0, 2), (0, 3), (2, 3), (1, 3)]
    let nodes = corners + gmshEdges.map { 0.5 * (corners[$0.0] + corners[$0.1]) }
    let mesh = Mesh(dimension: 3, nodes: nodes, cells: [CellBlock(type: .tetrahedron10, connectivity: (0..<10).map(Int32.init))])
    let conn = try #require(dataArray(try XMLNode.parse(VTU.render(mesh: mesh)), "connectivity")).numbers.map { Int($0) }
    let vtkEdges = [(0, 1), (1, 2), (2, 0), (0, 3), (1, 3), (2, 3)]
    for (k, e) in vtkEdges.enumerated() {
        let mid = nodes[conn[4 + k]], expected = 0.5 * (nodes[conn[e.0]] + nodes[conn[e.1]])
        #expect((mid - expected).maxAbs < 1e-15, "VTK node \(4 + k) should lie on edge \(e)")
    }
}

@Test func pvdListsTimestepsAndEscapesFileNames() throws {
    let entries = [PVD.Entry(time: 0, file: "out/step-0000.vtu"), PVD.Entry(time: 2.5, file: "a&b \"c\".vtu")]
    let root = try XMLNode.parse(PVD.render(entries))
    #expect(root.attributes["type"] == "Collection")
    let sets = root.all("DataSet")
    #expect(sets.map { $0.attributes["timestep"] } == ["0.0", "2.5"])
    #expect(sets.map { $0.attributes["file"] } == ["out/step-0000.vtu", "a&b \"c\".vtu"])
}

@Test func vtuAndPvdAreWrittenToDisk() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("seam-vtu-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let mesh = mixedMesh()
    try VTU.write(mesh: mesh, pointData: [.vector("displacement", mesh.nodes)], to: dir.appendingPathComponent("a.vtu"))
    try PVD.write([PVD.Entry(time: 1, file: "a.vtu")], to: dir.appendingPathComponent("a.pvd"))
    let back = try String(contentsOf: dir.appendingPathComponent("a.vtu"), encoding: .utf8)
    #expect(back == VTU.render(mesh: mesh, pointData: [.vector("displacement", mesh.nodes)]))
    #expect(try XMLNode.parse(String(contentsOf: dir.appendingPathComponent("a.pvd"), encoding: .utf8)).all("DataSet").count == 1)
}

/// Decodes a VTK inline-binary array: base64 of [UInt64 byte count][little-endian values].
func decodeBinary<T: FixedWidthInteger>(_ node: XMLNode, as: T.Type) throws -> [T] {
    let text = node.text.trimmingCharacters(in: .whitespacesAndNewlines)
    let data = try #require(Data(base64Encoded: text))
    let count = data.prefix(8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
    #expect(Int(count) == data.count - 8)
    return data.dropFirst(8).withUnsafeBytes { raw in
        (0..<(raw.count / MemoryLayout<T>.size)).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<T>.size, as: T.self)) }
    }
}

@Test func binaryVTUHoldsTheSameArraysAsASCII() throws {
    let mesh = mixedMesh()
    let u = (0..<6).map { Vec3(0.1 * Double($0), -1.0 / 3.0, 1e-300) }
    let sigma = (0..<3).map { Double($0) * Mat3([1, 0.5, 0, 0.5, -2, 0.25, 0, 0.25, 3]) }
    let fields = (point: [VTUField.vector("displacement", u)], cell: [VTUField.tensor("stress", sigma)])
    let ascii = try XMLNode.parse(VTU.render(mesh: mesh, pointData: fields.point, cellData: fields.cell))
    let binary = try XMLNode.parse(VTU.render(mesh: mesh, pointData: fields.point, cellData: fields.cell, encoding: .base64))
    for name in ["displacement", "stress", "Points"] {
        let b = try #require(dataArray(binary, name))
        #expect(b.attributes["format"] == "binary")
        let values = try decodeBinary(b, as: UInt64.self).map { Double(bitPattern: $0) }
        #expect(values == dataArray(ascii, name)!.numbers, "\(name)")
    }
    #expect(try decodeBinary(dataArray(binary, "connectivity")!, as: Int64.self).map(Double.init) == dataArray(ascii, "connectivity")!.numbers)
    #expect(try decodeBinary(dataArray(binary, "offsets")!, as: Int64.self) == [4, 7, 10])
    #expect(try decodeBinary(dataArray(binary, "types")!, as: UInt8.self) == [9, 5, 5])
    #expect(try decodeBinary(dataArray(binary, "tag")!, as: Int32.self) == [7, 8, 9])
}
