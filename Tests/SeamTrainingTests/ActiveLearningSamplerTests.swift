import Foundation
import Testing
import SeamCore
import SeamPotential
import SeamTraining

/// The pieces of the active-learning loop: the BAOAB Langevin integrator samples the Boltzmann
/// distribution; rescaling a committee's first layer to new descriptor statistics leaves its
/// predictions unchanged; the two-threshold rule.
@Suite struct ActiveLearningSamplerTests {
    @Test func baoabLangevinSamplesTheBoltzmannDistributionOfHarmonicWells() throws {
        // 64 independent Ar atoms in wells U = k x^2 / 2: <x_a^2> = k_B T / k (exact for BAOAB
        // in a harmonic well at any step) and kinetic temperature T (O(Δt^2)).
        let k = 0.5, temperature = 100.0, n = 64
        let md = try LangevinIntegrator(temperatureKelvin: temperature, timeStep: 2, friction: 0.05)
        let masses = [Double](repeating: Element(symbol: "Ar")!.mass, count: n)
        var rng = SeededGenerator(seed: 3)
        var x = [Vec3](repeating: .zero, count: n), v = md.thermalVelocities(masses: masses, using: &rng)
        var f = x.map { -k * $0 }
        var x2 = 0.0, kinetic = 0.0, samples = 0
        for step in 0..<6000 {
            md.step(positions: &x, velocities: &v, forces: &f, masses: masses, using: &rng) { p in p.map { -k * $0 } }
            guard step >= 500 else { continue }
            for p in x { x2 += p.normSquared / 3 }
            kinetic += LangevinIntegrator.kineticTemperature(velocities: v, masses: masses)
            samples += 1
        }
        let expected = Units.boltzmannEvPerKelvin * temperature / k
        let measured = x2 / Double(samples * n)
        #expect(abs(measured / expected - 1) < 0.03, "<x^2> = \(measured) Å^2, k_B T/k = \(expected) Å^2")
        let t = kinetic / Double(samples)
        #expect(abs(t / temperature - 1) < 0.03, "kinetic temperature \(t) K")
    }

    @Test func rescalingTheFirstLayerToNewDescriptorStatisticsKeepsPredictions() throws {
        let ar = Element(symbol: "Ar")!
        let narrow = try LennardJonesData.configurations(count: 6, latticeRange: 3.15...3.2, displacement: 0.05, seed: 1)
        let wide = try LennardJonesData.configurations(count: 12, latticeRange: 2.9...3.5, displacement: 0.15, seed: 2)
        let gen = try SymmetryFunctionGenerator(cutoff: 5, radialCount: 6, radialLower: 1.5, radialGrid: .shifted, angularCount: 1)
        let def = try PotentialDefinition(elements: [ar], symmetryFunctionLines: gen.lines(elements: [ar]), hiddenLayers: [6],
                                          activations: [.tanh, .identity])
        let first = try TrainingProblem(data: DataSplit(training: narrow, validation: []), definition: def)
        let second = try TrainingProblem(data: DataSplit(training: narrow + wide, validation: []), definition: first.definition,
                                         fitReferenceEnergies: false)
        #expect(second.scaling != first.scaling)
        let p = first.layout.initialParameters(seed: 9, outputScale: 1)
        let q = ActiveCommittee.rescaled(p, layout: first.layout, settings: first.settings, from: first.scaling, to: second.scaling)
        let before = try ActiveCommittee(definition: first.definition, scaling: first.scaling, members: [p, p]).committee()
        let after = try ActiveCommittee(definition: first.definition, scaling: second.scaling, members: [q, q]).committee()
        let naive = try ActiveCommittee(definition: first.definition, scaling: second.scaling, members: [p, p]).committee()
        var worst = 0.0, naiveChange = 0.0
        for c in wide {
            let a = try before.evaluate(c.structure, request: [.energy, .forces]), b = try after.evaluate(c.structure, request: [.energy, .forces])
            let m = try naive.evaluate(c.structure, request: [.energy, .forces])
            worst = max(worst, abs(a.energy - b.energy) / Double(c.structure.count))
            naiveChange = max(naiveChange, abs(a.energy - m.energy) / Double(c.structure.count))
            for i in 0..<c.structure.count { worst = max(worst, (a.forces[i] - b.forces[i]).norm) }
        }
        #expect(worst < 1e-10, "rescaled committee differs by \(worst)")
        #expect(naiveChange > 1e-3, "without rescaling the prediction should change (\(naiveChange) eV/atom)")
    }

    @Test func disagreementAboveTheUpperThresholdRollsBackAndBetweenThresholdsMakesCandidates() throws {
        // An untrained two-member committee disagrees everywhere: with a huge upper threshold
        // every check is a candidate; with a tiny upper threshold every check rolls back and the
        // walker stays at its start (the last safe configuration).
        let ar = Element(symbol: "Ar")!
        let data = try LennardJonesData.configurations(count: 4, latticeRange: 3.1...3.2, displacement: 0.05, seed: 4)
        let gen = try SymmetryFunctionGenerator(cutoff: 5, radialCount: 6, radialLower: 1.5, radialGrid: .shifted, angularCount: 0)
        let def = try PotentialDefinition(elements: [ar], symmetryFunctionLines: gen.lines(elements: [ar]), hiddenLayers: [6],
                                          activations: [.tanh, .identity])
        let problem = try TrainingProblem(data: DataSplit(training: data, validation: []), definition: def)
        let members = (1...2).map { problem.layout.initialParameters(seed: UInt64($0), outputScale: 1) }
        let committee = try ActiveCommittee(definition: problem.definition, scaling: problem.scaling, members: members).committee()
        let condition = try SamplingCondition(structure: data[0].structure, temperatureKelvin: 50)
        var o = ActiveLearningOptions()
        o.checkInterval = 5; o.stepsPerIteration = 50; o.candidatesPerCondition = 4
        o.lowerThreshold = 1e-9; o.upperThreshold = 1e9
        var rng = SeededGenerator(seed: 1), id = 0
        var w = try ActiveLearningSampler.startWalker(condition, options: o, using: &rng)
        let start = w.positions
        let a = try ActiveLearningSampler.sample(walker: &w, condition: condition, conditionIndex: 0, iteration: 1, committee: committee,
                                                 options: o, nextID: &id, using: &rng)
        #expect(a.candidates.count == 4 && id == 4 && w.steps == 20)
        #expect(a.candidates.map(\.step) == [5, 10, 15, 20])
        #expect(w.safePositions == start)
        o.upperThreshold = 2e-9
        var w2 = try ActiveLearningSampler.startWalker(condition, options: o, using: &rng)
        let b = try ActiveLearningSampler.sample(walker: &w2, condition: condition, conditionIndex: 0, iteration: 1, committee: committee,
                                                 options: o, nextID: &id, using: &rng)
        #expect(b.candidates.isEmpty)
        #expect(b.trace.count == 10 && b.trace.allSatisfy { $0.event == .rollback })
        #expect(w2.positions == w2.safePositions)
    }

    @Test func largestSelectionRunsTheWholeSegmentAndKeepsTheMostUncertainChecks() throws {
        // Same untrained committee: every check is above the lower threshold. `.largest` runs all
        // 50 steps (10 checks), labels the 3 checks of largest disagreement and traces the rest
        // as uncertain; `.first` on the same trajectory stops after its first 3 checks.
        let ar = Element(symbol: "Ar")!
        let data = try LennardJonesData.configurations(count: 4, latticeRange: 3.1...3.2, displacement: 0.05, seed: 4)
        let gen = try SymmetryFunctionGenerator(cutoff: 5, radialCount: 6, radialLower: 1.5, radialGrid: .shifted, angularCount: 0)
        let def = try PotentialDefinition(elements: [ar], symmetryFunctionLines: gen.lines(elements: [ar]), hiddenLayers: [6],
                                          activations: [.tanh, .identity])
        let problem = try TrainingProblem(data: DataSplit(training: data, validation: []), definition: def)
        let members = (1...2).map { problem.layout.initialParameters(seed: UInt64($0), outputScale: 1) }
        let committee = try ActiveCommittee(definition: problem.definition, scaling: problem.scaling, members: members).committee()
        let condition = try SamplingCondition(structure: data[0].structure, temperatureKelvin: 50)
        var o = ActiveLearningOptions()
        o.checkInterval = 5; o.stepsPerIteration = 50; o.candidatesPerCondition = 3
        o.lowerThreshold = 1e-9; o.upperThreshold = 1e9; o.selection = .largest
        var rng = SeededGenerator(seed: 1), id = 7
        var w = try ActiveLearningSampler.startWalker(condition, options: o, using: &rng)
        let a = try ActiveLearningSampler.sample(walker: &w, condition: condition, conditionIndex: 0, iteration: 1, committee: committee,
                                                 options: o, nextID: &id, using: &rng)
        #expect(w.steps == 50 && a.trace.count == 10)
        #expect(a.candidates.count == 3 && a.candidates.map(\.id) == [7, 8, 9] && id == 10)
        #expect(a.trace.filter { $0.event == .candidate }.count == 3 && a.trace.filter { $0.event == .uncertain }.count == 7)
        let smallestKept = a.candidates.map(\.disagreement).min()!
        #expect(a.trace.filter { $0.event == .uncertain }.allSatisfy { $0.disagreement <= smallestKept })
        #expect(Set(a.candidates.map(\.step)) == Set(a.trace.filter { $0.event == .candidate }.map(\.step)))
        #expect(a.candidates.map(\.step) == a.candidates.map(\.step).sorted())
    }
}
