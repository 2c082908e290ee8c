import Testing
import SeamTraining
