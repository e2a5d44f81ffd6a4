package lua

// kill stops the running script at its next instruction.
func (s *Scripting) kill() {}
