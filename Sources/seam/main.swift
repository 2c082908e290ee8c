import SeamCLI
SeamCommand.run()
