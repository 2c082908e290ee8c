/// Training of HDNNPs from quantum data: datasets, losses, optimisers, committees, active learning.
public enum SeamTrainingModule {}
