import Foundation
import Testing
import SeamCore
import SeamFEM
import SeamIO

/// The repository root (two folders above this file's folder).
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let quadMesh22 = """
$MeshFormat
2.2 0 8
$EndMeshFormat
$PhysicalNames
3
1 1 "left"
1 2 "right"
2 3 "body"
$EndPhysicalNames
$Nodes
6
1 0 0 0
2 1 0 0
3 2 0 0
4 0 1 0
5 1 1 0
6 2 1 0
$EndNodes
$Elements
4
1 1 2 1 1 1 4
2 1 2 2 2 3 6
3 3 2 3 1 1 2 5 4
4 3 2 3 1 2 3 6 5
$EndElements
"""

/// Two tetrahedra, a boundary triangle and a point, with non-contiguous node tags and a
/// parametric node block.
let tetMesh41 = """
$MeshFormat
4.1 0 8
$EndMeshFormat
$PhysicalNames
3
3 1 "solid"
2 2 "bottom"
0 3 "origin"
$EndPhysicalNames
$Entities
1 0 1 1
1 0 0 0 1 3
1 0 0 0 1 1 0 1 2 0
1 0 0 0 1 1 1 1 1 1 1
$EndEntities
$Nodes
3 5 10 50
0 1 0 1
10
0 0 0
2 1 1 2
20
30
1 0 0 1 0
0 1 0 0 1
3 1 0 2
40
50
0 0 1
1 1 1
$EndNodes
$Elements
3 4 1 4
0 1 15 1
1 10
2 1 2 1
2 10 20 30
3 1 4 2
3 10 20 30 40
4 20 30 40 50
$EndElements
"""

@Test func gmsh22QuadMeshGivesCellsBoundaryAndNodeSets() throws {
    let m = try Gmsh.parse(quadMesh22, source: "quad.msh")
    #expect(m.dimension == 2)
    #expect(m.nodes.count == 6)
    #expect(m.nodes[5] == Vec3(2, 1, 0))
    #expect(m.cells.count == 1)
    #expect(m.cells[0].type == .quadrilateral4)
    #expect(m.cells[0].connectivity == [0, 1, 4, 3, 1, 2, 5, 4])
    #expect(m.cells[0].tags == [3, 3])
    #expect(m.boundary.count == 1 && m.boundary[0].type == .line2)
    #expect(m.boundary[0].tags == [1, 2])
    #expect(m.groupNames == [1: "left", 2: "right", 3: "body"])
    #expect(m.nodeSets == ["left": [0, 3], "right": [2, 5]])
}

@Test func gmsh41TetMeshMapsEntitiesToPhysicalGroupsAndRenumbersNodes() throws {
    let m = try Gmsh.parse(tetMesh41, source: "tet.msh")
    #expect(m.dimension == 3)
    #expect(m.nodes == [Vec3(0, 0, 0), Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1), Vec3(1, 1, 1)])
    #expect(m.cells.count == 1 && m.cells[0].type == .tetrahedron4)
    #expect(m.cells[0].connectivity == [0, 1, 2, 3, 1, 2, 3, 4])
    #expect(m.cells[0].tags == [1, 1])
    #expect(m.boundary.count == 1 && m.boundary[0].type == .triangle3)
    #expect(m.boundary[0].connectivity == [0, 1, 2] && m.boundary[0].tags == [2])
    #expect(m.nodeSets == ["bottom": [0, 1, 2], "origin": [0]])
    #expect(m.groupNames[1] == "solid")
}

@Test func gmshReadsSecondOrderElements() throws {
    // One 10-node tetrahedron (type 11) and one 6-node triangle face (type 9), version 2.2.
    var text = "$MeshFormat\n2.2 0 8\n$EndMeshFormat\n$Nodes\n10\n"
    let x: [Vec3] = [Vec3(0, 0, 0), Vec3(1, 0, 0), Vec3(0, 1, 0), Vec3(0, 0, 1), Vec3(0.5, 0, 0),
                     Vec3(0.5, 0.5, 0), Vec3(0, 0.5, 0), Vec3(0, 0, 0.5), Vec3(0, 0.5, 0.5), Vec3(0.5, 0, 0.5)]
    for (i, p) in x.enumerated() { text += "\(i + 1) \(p.x) \(p.y) \(p.z)\n" }
    text += "$EndNodes\n$Elements\n2\n1 9 2 7 1 1 2 3 5 6 7\n2 11 2 8 1 1 2 3 4 5 6 7 8 9 10\n$EndElements\n"
    let m = try Gmsh.parse(text, source: "quadratic.msh")
    #expect(m.dimension == 3)
    #expect(m.cells[0].type == .tetrahedron10 && m.cells[0].connectivity == (0..<10).map(Int32.init))
    #expect(m.cells[0].tags == [8])
    #expect(m.boundary[0].type == .triangle6 && m.boundary[0].tags == [7])
    #expect(m.nodeSets["7"] == [0, 1, 2, 4, 5, 6])  // unnamed group: named by its tag
}

@Test func committedPlateWithHoleMeshParses() throws {
    let m = try Gmsh.read(repositoryRoot.appendingPathComponent("meshes/plate-with-hole.msh"))
    #expect(m.dimension == 2)
    #expect(m.cells.map(\.type) == [.triangle3])
    #expect(m.cellCount > 100)
    #expect(Set(m.nodeSets.keys) == ["bottom", "right", "top", "left", "hole"])
    // Node sets lie on their curves (Å): the hole arc has radius 20, the right edge x = 100.
    for i in m.nodeSets["hole"]! { #expect(abs(m.nodes[Int(i)].norm - 20) < 1e-9) }
    for i in m.nodeSets["right"]! { #expect(abs(m.nodes[Int(i)].x - 100) < 1e-9) }
    for i in m.nodeSets["bottom"]! { #expect(abs(m.nodes[Int(i)].y) < 1e-9) }
    // The triangles tile the quarter plate: total area W² - πR²/4.
    var area = 0.0
    for c in 0..<m.cells[0].count {
        let n = m.cells[0].nodes(of: c).map { m.nodes[Int($0)] }
        area += 0.5 * (n[1] - n[0]).cross(n[2] - n[0]).z
    }
    // Positive: Gmsh orients plane surfaces counter-clockwise. The arc is polygonal, so
    // the area is slightly larger than the exact one.
    let exact = 100.0 * 100 - Double.pi * 400 / 4
    #expect(area > exact && area < exact + 2)
    #expect(m.cells[0].tags.allSatisfy { m.groupNames[$0] == "plate" })
}

@Test func committedCylinderContactMeshHasTwoBodiesAndTwoCellTypes() throws {
    let m = try Gmsh.read(repositoryRoot.appendingPathComponent("meshes/cylinder-contact.msh"))
    #expect(m.dimension == 2)
    #expect(Set(m.cells.map(\.type)) == [.triangle3, .quadrilateral4])
    let quads = m.cells.first { $0.type == .quadrilateral4 }!
    #expect(quads.count == 40 * 12)
    #expect(quads.tags.allSatisfy { m.groupNames[$0] == "substrate" })
    let tris = m.cells.first { $0.type == .triangle3 }!
    #expect(tris.tags.allSatisfy { m.groupNames[$0] == "cylinder" })
    #expect(Set(m.nodeSets.keys) == ["substrate_bottom", "substrate_sides", "substrate_top", "cylinder_surface", "cylinder_top"])
    // The two bodies share no node; the lowest cylinder node is 1 Å above the substrate.
    #expect(Set(m.nodeSets["cylinder_surface"]!).isDisjoint(with: m.nodeSets["substrate_top"]!))
    let lowest = m.nodeSets["cylinder_surface"]!.map { m.nodes[Int($0)].y }.min()!
    #expect(abs(lowest - 1) < 1e-9)
}

/// The error a parse throws, or nil.
func gmshError(_ text: String) -> InputError? {
    do { _ = try Gmsh.parse(text, source: "bad.msh"); return nil } catch let e as InputError { return e } catch { return nil }
}

@Test func gmshErrorsNameTheLine() throws {
    let binary = gmshError("$MeshFormat\n4.1 1 8\n$EndMeshFormat\n")
    #expect(binary?.location?.line == 2)
    #expect(binary?.message.contains("binary .msh not supported: save as ASCII") == true)

    let prism = gmshError(quadMesh22.replacingOccurrences(of: "4 3 2 3 1 2 3 6 5", with: "4 6 2 3 1 2 3 6 5 1 2"))
    #expect(prism?.location?.line == 24)
    #expect(prism?.message.contains("unsupported element type 6") == true)
    #expect(prism?.suggestion?.contains("11 (tet10)") == true)

    // A node count one too large: the parser meets $EndNodes where node 7 should be.
    let count = gmshError(quadMesh22.replacingOccurrences(of: "$Nodes\n6\n", with: "$Nodes\n7\n"))
    #expect(count?.location?.line == 18)

    let missing = gmshError(String(quadMesh22[..<quadMesh22.range(of: "$Elements")!.lowerBound]))
    #expect(missing?.message.contains("missing section $Elements") == true)

    let badNumber = gmshError(quadMesh22.replacingOccurrences(of: "5 1 1 0", with: "5 1 x 0"))
    #expect(badNumber?.location?.line == 16)

    let unknownNode = gmshError(quadMesh22.replacingOccurrences(of: "1 1 2 1 1 1 4", with: "1 1 2 1 1 1 44"))
    #expect(unknownNode?.location?.line == 21)
    #expect(unknownNode?.message.contains("node 44") == true)

    let old = gmshError("$MeshFormat\n4.0 0 8\n$EndMeshFormat\n")
    #expect(old?.message.contains("version 4.0") == true)
    #expect(gmshError("hello\n")?.location?.line == 1)

    // 4.1: a block count one too large is reported where the parser runs out of elements.
    let short = gmshError(tetMesh41.replacingOccurrences(of: "3 1 4 2\n", with: "3 1 4 3\n"))
    #expect(short?.location?.line == 41)  // where $EndElements stands in for a third element
}

@Test func gmshRejectsZeroAreaTrianglesAndQuadrilaterals() throws {
    let text = "$MeshFormat\n2.2 0 8\n$EndMeshFormat\n$Nodes\n3\n1 0 0 0\n2 1 0 0\n3 2 0 0\n$EndNodes\n$Elements\n1\n7 2 0 1 2 3\n$EndElements\n"
    let e = gmshError(text)
    #expect(e?.message.contains("triangle 7 has zero area") == true)
    #expect(e?.location?.line == 12)
    // A quadrilateral folded onto a line.
    let quad = quadMesh22.replacingOccurrences(of: "3 3 2 3 1 1 2 5 4", with: "3 3 2 3 1 1 2 1 2")
    #expect(gmshError(quad)?.message.contains("quadrilateral 3 has zero area") == true)
    #expect(gmshError(quad)?.location?.line == 23)
}

@Test func gmshCoordinatesParseExactlyAsTheStandardLibraryDoes() throws {
    // The reader's fast decimal path must round exactly as Double(String) does.
    let values = ["0.1", "-0.5", "1E3", "1.77635683940025e-15", "43.26123442351234", "12345678901234567890",
                  "2.2250738585072014e-308", "+7", "0.000000000000000000000001", "9007199254740993", "1e22", "1e23",
                  "-3.0e+05", "123456789.123456789"]
    // One large tetrahedron (nodes 101-104) so the mesh is valid; the values are x coordinates.
    var text = "$MeshFormat\n2.2 0 8\n$EndMeshFormat\n$Nodes\n\(values.count + 4)\n"
    for (i, v) in values.enumerated() { text += "\(i + 1) \(v) 0 0\n" }
    text += "101 0 0 0\n102 1e20 0 0\n103 0 1e20 0\n104 0 0 1e20\n$EndNodes\n"
    text += "$Elements\n1\n1 4 0 101 102 103 104\n$EndElements\n"
    let m = try Gmsh.parse(text, source: "numbers.msh")
    for (i, v) in values.enumerated() { #expect(m.nodes[i].x == Double(v)!, "\(v)") }
    #expect(gmshError(text.replacingOccurrences(of: "1 0.1 0 0", with: "1 0.1.2 0 0"))?.location?.line == 6)
    #expect(gmshError(text.replacingOccurrences(of: "1 0.1 0 0", with: "1 nan 0 0"))?.location?.line == 6)
}
