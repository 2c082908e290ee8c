/// Per-thread scratch memory of the HDNNP kernel: one atom's neighbourhood, its descriptors
/// and their derivatives, network activations, and the thread's force accumulators.
///
/// Hand-written with raw buffers because it is the hot path (`seam-bench` HDNNP figures):
/// allocated once per evaluation and thread, grown only when an atom has more neighbours than
/// any before, and never touched by another thread.
final class HDNNPWorkspace {
    private(set) var neighborCapacity = 0
    let descriptorCapacity: Int
    let cutoffCapacity: Int
    // Neighbourhood of the current atom (structure of arrays), internal length unit.
    var atom = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    var element = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    var dx = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    var dy = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    var dz = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    var distance = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    var inverseDistance = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    var inverseDistanceSquared = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    var candidates = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
    /// fc and dfc/dr per (cutoff function, neighbour): index c * neighborCapacity + n.
    var cutoffValue = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    var cutoffSlope = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    /// d(G_scaled)/d(r_neighbour) per (neighbour, SF, xyz).
    var neighborDerivatives = UnsafeMutablePointer<Double>.allocate(capacity: 1)
    /// Raw and scaled descriptors, dE/dG.
    let raw: UnsafeMutablePointer<Double>
    let scaled: UnsafeMutablePointer<Double>
    let gradient: UnsafeMutablePointer<Double>
    /// Network scratch: values, slopes, deltas.
    let values: UnsafeMutablePointer<Double>
    let slopes: UnsafeMutablePointer<Double>
    let delta: UnsafeMutablePointer<Double>
    let neuronCapacity: Int
    /// Shared Gaussian factors of the current neighbour or triplet (one per slot; a group has
    /// at most as many slots as members).
    let slotValues: UnsafeMutablePointer<Double>

    init(descriptors: Int, cutoffs: Int, neurons: Int) {
        descriptorCapacity = max(1, descriptors); cutoffCapacity = max(1, cutoffs); neuronCapacity = max(1, neurons)
        raw = .allocate(capacity: descriptorCapacity)
        scaled = .allocate(capacity: descriptorCapacity)
        gradient = .allocate(capacity: descriptorCapacity)
        values = .allocate(capacity: neuronCapacity)
        slopes = .allocate(capacity: neuronCapacity)
        delta = .allocate(capacity: neuronCapacity)
        slotValues = .allocate(capacity: descriptorCapacity)
        reserve(neighbors: 64)
    }

    /// Makes room for `n` neighbours (contents are not preserved).
    func reserve(neighbors n: Int) {
        guard n > neighborCapacity else { return }
        let cap = max(n, 2 * neighborCapacity)
        release()
        atom = .allocate(capacity: cap); element = .allocate(capacity: cap)
        dx = .allocate(capacity: cap); dy = .allocate(capacity: cap); dz = .allocate(capacity: cap)
        distance = .allocate(capacity: cap); candidates = .allocate(capacity: cap)
        inverseDistance = .allocate(capacity: cap); inverseDistanceSquared = .allocate(capacity: cap)
        cutoffValue = .allocate(capacity: cap * cutoffCapacity); cutoffSlope = .allocate(capacity: cap * cutoffCapacity)
        neighborDerivatives = .allocate(capacity: cap * descriptorCapacity * 3)
        neighborCapacity = cap
    }

    private func release() {
        atom.deallocate(); element.deallocate(); dx.deallocate(); dy.deallocate(); dz.deallocate()
        distance.deallocate(); candidates.deallocate(); inverseDistance.deallocate(); inverseDistanceSquared.deallocate(); cutoffValue.deallocate(); cutoffSlope.deallocate()
        neighborDerivatives.deallocate()
    }

    deinit {
        release()
        raw.deallocate(); scaled.deallocate(); gradient.deallocate()
        values.deallocate(); slopes.deallocate(); delta.deallocate(); slotValues.deallocate()
    }
}
