package engine

import "path/filepath"

// DumpPath is the RDB file's path: dbfilename in DumpDir, or else in the
// working directory, which dir sets, as in Redis.
func (e *Engine) DumpPath() string {
	name := e.registry().String("dbfilename")
	if e.DumpDir != "" {
		return filepath.Join(e.DumpDir, name)
	}
	return name
}

// saveDump writes the dataset to DumpPath (SAVE, SHUTDOWN, FLUSHALL with
// save points).
func (e *Engine) saveDump() error { return e.saveRDB(e.DumpPath()) }

// SAVE: write the dataset to the RDB file now. Like Redis's SAVE it runs
// in the foreground, doing its I/O inside the executor: every client waits
// until the file is on disk.
func cmdSave(c *Ctx) {
	if c.E.persist.bg.running {
		c.Err(ErrBGSaveInProgress)
		return
	}
	c.E.persist.saves++
	if err := c.E.saveDump(); err != nil {
		c.Err(ErrSaveFailed)
		return
	}
	c.OK()
}

// DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save the dataset, empty it and
// load the file back (each step as the options allow), proving that the
// dataset survives the round trip.
func debugReload(c *Ctx) {
	flush, save, merge := true, true, false
	for _, a := range c.Args[2:] {
		switch {
		case EqualFold(a, "merge"):
			merge = true
		case EqualFold(a, "noflush"):
			flush = false
		case EqualFold(a, "nosave"):
			save = false
		default:
			c.Err(ErrDebugReloadOption)
			return
		}
	}
	e := c.E
	if save {
		if err := e.saveDump(); err != nil {
			c.Err(ErrSaveFailed)
			return
		}
	}
	if flush {
		for _, db := range e.dbs {
			db.Flush()
		}
	}
	if err := e.LoadRDB(e.DumpPath(), merge); err != nil {
		e.Log.Logf(LogWarning, "DEBUG RELOAD failed loading %s: %v", e.DumpPath(), err)
		c.Err(ErrLoadDump)
		return
	}
	e.Log.Logf(LogWarning, "DB reloaded by DEBUG RELOAD")
	c.OK()
}
