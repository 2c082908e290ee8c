import Testing
import SeamCore
import SeamFEM
import SeamCohesive

/// Index of the node at position x (first match).
func node(at x: Vec3, in mesh: Mesh) -> Int32 {
    Int32(mesh.nodes.firstIndex { ($0 - x).norm < 1e-9 }!)
}

/// Supports that remove rigid motions without restraining a uniform strain: the bottom face
/// held in y, plus points fixed in x (and z) at the bottom.
func minimalSupports(_ mesh: Mesh, size: Vec3) -> [DirichletCondition] {
    var bcs: [DirichletCondition] = [.fixed("bottom", components: [1])]
    let origin = node(at: .zero, in: mesh)
    if mesh.dimension == 2 {
        bcs.append(DirichletCondition(.nodes([origin]), components: [0]) { _ in .zero })
    } else {
        bcs.append(DirichletCondition(.nodes([origin]), components: [0, 2]) { _ in .zero })
        bcs.append(DirichletCondition(.nodes([node(at: Vec3(size.x, 0, 0), in: mesh)]), components: [2]) { _ in .zero })
    }
    return bcs
}

@Test func splittingDuplicatesInterfaceNodesAndOrientsNormalsTowardThePlusSide() throws {
    let split = try CohesiveSpecimens.bondedBlocks(cellType: .quadrilateral4, cellsX: 4, cellsY: 2, size: Vec3(2, 2, 1))
    #expect(split.copies.count == 5)
    #expect(split.mesh.nodes.count == 15 + 5)
    #expect(split.facetType == .line2)
    let iface = try split.interface()
    #expect(iface.count == 4)
    #expect(abs(iface.area - 2) < 1e-12)
    for frame in iface.frames { #expect((frame.r0 - Vec3(0, 1, 0)).norm < 1e-12) }
    // Plus-side cells use only copies on the interface; minus-side cells only originals.
    for c in 0..<split.mesh.cells[0].count {
        let nodes = split.mesh.cells[0].nodes(of: c)
        let centroidY = nodes.reduce(0.0) { $0 + split.mesh.nodes[Int($1)].y } / 4
        for n in nodes where abs(split.mesh.nodes[Int(n)].y - 1) < 1e-12 {
            #expect(split.copies.values.contains(n) == (centroidY > 1))
        }
    }
    // Keeping a crack-front node joined: it is not duplicated, its elements close there.
    let mesh = try StructuredMesh.rectangle(cellsX: 4, cellsY: 2, width: 2, height: 2, cellType: .quadrilateral4)
    var named = mesh
    named.nodeSets["interface"] = mesh.nodes.indices.filter { abs(mesh.nodes[$0].y - 1) < 1e-12 }.map { Int32($0) }
    let tip = node(at: Vec3(1, 1, 0), in: mesh)
    let kept = try InterfaceSplitter.split(named, interface: "interface", plusSide: { $0.y > 1 }, keepJoined: [tip])
    #expect(kept.copies.count == 4 && kept.copies[tip] == nil)
    #expect(kept.cohesiveConnectivity.count == 16)
    #expect(throws: InputError.self) { try InterfaceSplitter.split(named, interface: "crack", plusSide: { $0.y > 1 }) }
}

@Test(arguments: [CellType.quadrilateral4, .triangle6, .hexahedron8, .tetrahedron4])
func bondedBlocksUnderUniformTensionCarryUniformStressAndOpenByTheInverseLaw(_ cellType: CellType) throws {
    let size = Vec3(2, 2, 1)
    let split = try CohesiveSpecimens.bondedBlocks(cellType: cellType, cellsX: 3, cellsY: 2, cellsZ: 2, size: size)
    let is3D = cellType.dimension == 3
    let e = 2.0, nu = 0.3, sigma = 0.01
    // Stiff UBER: peak 0.05 eV/Å^3 at 0.01 Å; σ = 0.01 sits on the rising branch.
    let law = UniversalBindingLaw(peakTraction: 0.05, peakOpening: 0.01)
    let model = try CohesiveModel(mesh: split.mesh, analysis: is3D ? .solid : .planeStrain(), material: try LinearElasticIsotropic(youngsModulus: e, poissonRatio: nu),
                                  law: law, interface: try split.interface(), dirichlet: minimalSupports(split.mesh, size: size),
                                  tractions: [TractionLoad(boundary: "top") { _ in Vec3(0, sigma, 0) }])
    var options = PathFollowingOptions(control: .loadFactor(increment: 0.5, maximum: 1))
    options.relativeTolerance = 1e-12
    let result = try model.followPath(options: options)
    let u = result.displacement
    // Opening: the root of t(δ) = σ below the peak (bisection).
    var lo = 0.0, hi = law.peakOpening
    for _ in 0..<200 { let mid = 0.5 * (lo + hi); if law.normalTraction(mid) < sigma { lo = mid } else { hi = mid } }
    let delta = 0.5 * (lo + hi)
    // Uniaxial stress: ε_yy = σ/E' with ε_xx = -ν' ε_yy (plane strain: E' = E/(1-ν²), ν' = ν/(1-ν)).
    let strainY = is3D ? sigma / e : sigma * (1 - nu * nu) / e
    let strainX = is3D ? -nu * sigma / e : -nu * (1 + nu) * sigma / e
    let d = model.bulk.dimension
    let copies = Set(split.copies.values)
    var worst = 0.0
    for (k, x) in split.mesh.nodes.enumerated() {
        let plus = x.y > 1 + 1e-9 || copies.contains(Int32(k))
        var expected = Vec3(strainX * x.x, strainY * x.y + (plus ? delta : 0), strainX * x.z)
        if !is3D { expected.z = 0 }
        for i in 0..<d { worst = max(worst, abs(u[k * d + i] - expected[i])) }
    }
    #expect(worst < 1e-9 * delta, "\(cellType): largest displacement error \(worst) Å (opening \(delta) Å)")
    for q in 0..<model.interface.pointCount {
        let local = model.interface.localOpening(element: q / model.interface.pointsPerElement, point: q % model.interface.pointsPerElement, displacement: u)
        #expect(abs(local.x - delta) < 1e-9 * delta && abs(local.y) < 1e-9 * delta)
    }
    // Stress: σ_yy = σ everywhere, the rest zero (plane strain: σ_zz = ν σ).
    for block in try model.bulk.quadraturePointValues(u) { for p in block {
        #expect(abs(p.stress[1, 1] - sigma) < 1e-9 * sigma && abs(p.stress[0, 0]) < 1e-9 * sigma && abs(p.stress[0, 1]) < 1e-9 * sigma)
    } }
}

@Test(arguments: [CellType.quadrilateral4, .hexahedron8])
func dissipatedEnergyAfterCompleteSeparationIsFractureEnergyTimesArea(_ cellType: CellType) throws {
    let size = Vec3(2, 2, 1)
    let split = try CohesiveSpecimens.bondedBlocks(cellType: cellType, cellsX: 4, cellsY: 2, cellsZ: 2, size: size)
    let is3D = cellType.dimension == 3
    // Bilinear: G = ½ σc λf = 0.005 eV/Å^2; softening slope σc/(λf - λ0) ≈ 0.26 eV/Å^4 is
    // below the blocks' axial stiffness E'/H, so displacement control has no snap-back.
    let law = BilinearLaw(strength: 0.05, peakOpening: 0.005, finalOpening: 0.2)
    let pull = 0.3
    var bcs = minimalSupports(split.mesh, size: size)
    // The top face is held in x (and z): once separated the upper block has no other support.
    bcs.append(.prescribed("top", components: is3D ? [0, 1, 2] : [0, 1]) { _ in Vec3(0, pull, 0) })
    let model = try CohesiveModel(mesh: split.mesh, analysis: is3D ? .solid : .planeStrain(), material: try LinearElasticIsotropic(youngsModulus: 1, poissonRatio: 0.25),
                                  law: law, interface: try split.interface(), dirichlet: bcs)
    let result = try model.followPath(options: PathFollowingOptions(control: .loadFactor(increment: 0.01, maximum: 1)))
    let area = size.x * (is3D ? size.z : 1)
    let expected = law.workOfSeparation * area
    let last = result.steps.last!
    #expect(abs(result.steps.last!.loadFactor - 1) < 1e-12)
    #expect(abs(last.energies.dissipated - expected) < 1e-10 * expected, "dissipated \(last.energies.dissipated) vs G A \(expected)")
    #expect(abs(last.energies.bulkStrain) < 1e-10 * expected && abs(last.energies.cohesiveStored) < 1e-10 * expected)
    // Energy balance along the whole path: W_ext = bulk + stored + dissipated (trapezoid rule).
    var worst = 0.0
    for s in result.steps {
        worst = max(worst, abs(s.externalWork - s.energies.bulkStrain - s.energies.cohesiveStored - s.energies.dissipated))
    }
    #expect(worst < 0.01 * expected, "energy balance off by \(worst) eV (G A = \(expected) eV)")
    // The top reaction vanishes once separated; one symbolic analysis for the whole path.
    #expect(abs(last.reactions["top"]!.y) < 1e-10)
    #expect(result.analyses == 1 && result.factorizations >= result.steps.count)
}

@Test func badCohesiveInputIsRejectedWithInputErrors() throws {
    let split = try CohesiveSpecimens.bondedBlocks(cellType: .quadrilateral4, cellsX: 2, cellsY: 2, size: Vec3(2, 2, 1))
    // Unsupported facet type, connectivity of the wrong length, a node out of range.
    #expect(throws: InputError.self) { try CohesiveInterface(nodes: split.mesh.nodes, facetType: .triangle6, connectivity: []) }
    #expect(throws: InputError.self) { try CohesiveInterface(nodes: split.mesh.nodes, facetType: .line2, connectivity: [0, 1, 2]) }
    #expect(throws: InputError.self) { try CohesiveInterface(nodes: split.mesh.nodes, facetType: .line2, connectivity: [0, 1, 2, 999]) }
    // A degenerate (zero-length) facet.
    #expect(throws: InputError.self) { try CohesiveInterface(nodes: split.mesh.nodes, facetType: .line2, connectivity: [0, 0, 0, 0]) }
    // A 2D interface on a 3D mesh.
    let box = try CohesiveSpecimens.bondedBlocks(cellType: .hexahedron8, cellsX: 1, cellsY: 2, cellsZ: 1, size: Vec3(1, 2, 1))
    let law = UniversalBindingLaw(workOfSeparation: 0.01, length: 0.1)
    let material = try LinearElasticIsotropic(youngsModulus: 1, poissonRatio: 0.25)
    #expect(throws: InputError.self) {
        try CohesiveModel(mesh: box.mesh, analysis: .solid, material: material, law: law, interface: try split.interface(), dirichlet: [])
    }
    // Opening control needs force loading, not prescribed displacements.
    let model = try CohesiveModel(mesh: split.mesh, analysis: .planeStrain(), material: material, law: law, interface: try split.interface(),
                                  dirichlet: [.fixed("bottom", components: [0, 1]), .prescribed("top", components: [1]) { _ in Vec3(0, 0.1, 0) }])
    let free = model.bulk.dofMap.equation.firstIndex { $0 >= 0 }!
    #expect(throws: InputError.self) {
        try model.followPath(options: PathFollowingOptions(control: .opening(weights: [free: 1], increment: 0.01, maximum: 0.1)))
    }
}
