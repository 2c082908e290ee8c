import ArgumentParser
/// The `seam` command-line interface.
public enum SeamCLIModule {}
