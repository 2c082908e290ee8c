/// Training of HDNNPs from quantum data: datasets, symmetry-function sets, scaling, reference
/// energies, the energy + force loss with its exact gradient, Adam, L-BFGS, the extended
/// Kalman filter, committees.
///
/// Design notes.
/// - Pure: nothing here opens a file. Data readers (`MlearnData`, `N2P2Data`), the potential
///   writer, checkpoints, the deck and `runTraining(deck:progress:)` live in SeamIO.
/// - One source of truth for the model: `PotentialDefinition.inputNN` is rendered and parsed
///   by `N2P2Settings.parse`, and descriptors come from the prediction engine's own kernel
///   (`DescriptorCalculator`, SeamPotential/HDNNP/HDNNP+Training.swift). A written potential
///   therefore reads back with identical weights and predicts what the trainer predicted.
/// - Descriptors and their position derivatives (collapsed per atom pair, images summed) are
///   computed once per configuration and kept in memory: the mlearn Si training set (13,233
///   atoms, 27 functions) takes about 275 MB.
/// - Loss L = w_E mean_c (ΔE_c/N_c)^2 + w_F mean (ΔF)^2 over a minibatch; its gradient is exact
///   (`GradientKernel`: backpropagation for energies, forward tangent + reverse pass for the
///   mixed derivative the forces need) and checked against central differences in the tests.
/// - The extended Kalman filter (`KalmanTrainer`, n2p2's optimiser) needs Jacobian rows, not a
///   loss gradient: ∂(E/N)/∂w and ∂F_jα/∂w are gradients of functionals linear in the network
///   outputs, so they come from the same backpropagation (`GradientKernel.backpropagate`) with
///   other seeds. Its covariance P (n × n) is updated by BLAS (`SymmetricBLAS` in SeamNumerics,
///   the only importer of the C libraries).
/// - Reproducibility: initial weights and each epoch's shuffle derive from (seed, epoch); the
///   gradient is summed over a static per-thread partition in thread order; a checkpoint holds
///   weights, Adam moments and early-stopping counters, so resuming reproduces an
///   uninterrupted run bit for bit (for the same thread count).
/// - Active-learning retraining (`ActiveCommittee`): from the last weights or from scratch
///   (`ActiveLearningOptions.RetrainMode`), on all data; a Kalman member keeps its best epoch by
///   training or out-of-bag error. Out-of-bag scoring uses a stable (online, Poisson) bootstrap
///   so that a member never trains on its left-out configurations in any retraining: with the
///   resample redrawn per retraining the start weights had seen most of them and won unfairly.
/// - Units: eV and Å throughout; written potentials carry `seam-units.txt`.
public enum SeamTrainingModule {}
