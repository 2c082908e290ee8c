/// File formats: extended XYZ, n2p2 input.data, Gmsh, VTU, CSV, SVG; atomic writes.
///
/// Also the drivers whose state lives in files: training decks (`runTraining`), the resumable
/// active-learning loop (`ActiveLearningRun`), its deck and job (`ActiveLearningDeck`,
/// `ActiveLearningJob`: `seam learn`), external-program oracles and the label cache
/// (`LabelCache`, `CachedOracle`) that makes expensive oracle labels reusable across runs.
public enum SeamIOModule {}
