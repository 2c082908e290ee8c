print("RESULT none 0 none")
