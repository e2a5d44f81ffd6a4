package engine

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"
)

// A background save (BGSAVE, and the save points' saves) writes a
// snapshot of the dataset while the server goes on. Redis forks and lets
// the child write the parent's pages as they were; a Go process cannot
// fork, so luakv copies every value inside the executor (its pause is
// Redis's fork) and a goroutine writes the copies. The file replaces the
// dump only if no FLUSHALL or SHUTDOWN dropped the save meanwhile.

// bgsaveRetryDelay is how long after a failed background save the save
// points wait before trying again (Redis's CONFIG_BGSAVE_RETRY_DELAY).
const bgsaveRetryDelay = 5

// errBGSaveRunning refuses a second save while one runs; errBGSaveDropped
// ends the writer of a save that was dropped.
var (
	errBGSaveRunning = errors.New("a background save is running")
	errBGSaveDropped = errors.New("the background save was dropped")
)

// bgsaveState is the background save in progress, if any.
type bgsaveState struct {
	running     bool
	gen         int           // the running save's number; a dropped one's differs
	stop        *atomic.Bool  // tells the running writer to give up
	started     time.Time     // when it started
	dirtyBefore int64         // changes counted when it started
	lastTry     int64         // Unix seconds of the last start
	lastSecs    int64         // how long the last one took; -1 before any
	scheduled   bool          // asked for inside EXEC: the cron starts it
	hold        chan struct{} // tests: the writer waits for it to close
}

// startBGSave starts a background save of the dataset to DumpPath.
func (e *Engine) startBGSave() error {
	st := &e.persist.bg
	if st.running {
		return errBGSaveRunning
	}
	e.persist.saves++
	st.gen++
	st.running, st.started, st.dirtyBefore = true, time.Now(), e.stats.Dirty
	st.lastTry = st.started.Unix()
	st.stop = new(atomic.Bool)
	d := e.dataset(true)
	d.stop = st.stop
	path := e.DumpPath()
	tmp := filepath.Join(filepath.Dir(path), "temp-"+strconv.Itoa(os.Getpid())+"-bg"+strconv.Itoa(st.gen)+".rdb")
	gen, hold := st.gen, st.hold
	e.Log.Logf(LogNotice, "Background saving started")
	go func() {
		if hold != nil {
			<-hold
		}
		err := writeFileSynced(tmp, d.write)
		if d.stop.Load() { // dropped: no need to wait for the executor
			os.Remove(tmp)
			return
		}
		e.mu.Lock()
		defer e.mu.Unlock()
		e.bgsaveDone(gen, tmp, path, err)
	}()
	return nil
}

// bgsaveDone ends background save gen (inside the executor): the file
// replaces the dump unless the save was dropped meanwhile.
func (e *Engine) bgsaveDone(gen int, tmp, path string, err error) {
	st := &e.persist.bg
	if !st.running || gen != st.gen {
		os.Remove(tmp)
		return
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	st.running = false
	st.lastSecs = int64(time.Since(st.started).Seconds())
	if err != nil {
		os.Remove(tmp)
		e.Log.Logf(LogWarning, "Background saving error: %v", err)
		e.persist.lastSaveFailed = true
		return
	}
	e.Log.Logf(LogNotice, "DB saved on disk")
	e.Log.Logf(LogNotice, "Background saving terminated with success")
	e.stats.Dirty -= st.dirtyBefore
	e.lastSave = time.Now().Unix()
	e.persist.lastSaveFailed = false
}

// dropBGSave abandons the running background save, if any (FLUSHALL,
// SHUTDOWN): its writer stops and its file never replaces the dump.
func (e *Engine) dropBGSave() {
	st := &e.persist.bg
	if !st.running {
		return
	}
	e.Log.Logf(LogWarning, "Background saving dropped before it completed")
	st.stop.Store(true)
	st.running = false
	st.gen++
}

// DiskErrorDeniesWrites reports whether writes are refused because the
// last background save failed (Redis's writeCommandsDeniedByDiskError):
// only with save points and stop-writes-on-bgsave-error.
// It is small enough to inline: the gates pay one field test.
func (e *Engine) DiskErrorDeniesWrites() bool {
	return e.persist.lastSaveFailed && e.saveFailureStopsWrites()
}

func (e *Engine) saveFailureStopsWrites() bool {
	r := e.registry()
	return r.Bool("stop-writes-on-bgsave-error") && len(SaveParams(r)) > 0
}

// saveCron starts the background saves the save points and a scheduled
// BGSAVE ask for, as Redis's serverCron does.
func (e *Engine) saveCron() {
	st := &e.persist.bg
	if st.running {
		return
	}
	now := time.Now().Unix()
	retryOK := now-st.lastTry > bgsaveRetryDelay || !e.persist.lastSaveFailed
	for _, sp := range SaveParams(e.registry()) {
		if e.stats.Dirty >= sp[1] && now-e.lastSave > sp[0] && retryOK {
			e.Log.Logf(LogNotice, "%d changes in %d seconds. Saving...", sp[1], sp[0])
			if e.startBGSave() == nil {
				return
			}
			break
		}
	}
	if st.scheduled && retryOK && e.startBGSave() == nil {
		st.scheduled = false
	}
}

// BGSAVE [SCHEDULE]: start a background save. Inside EXEC it is scheduled
// for the cron instead (the transaction's effects are not complete yet).
func cmdBGSave(c *Ctx) {
	if len(c.Args) > 2 || len(c.Args) == 2 && !EqualFold(c.Args[1], "schedule") {
		c.Err(ErrSyntax)
		return
	}
	st := &c.E.persist.bg
	switch {
	case st.running:
		c.Err(ErrBGSaveInProgress)
	case c.Client != nil && c.Client.InExec:
		st.scheduled = true
		c.WriteStatus("Background saving scheduled")
	default:
		c.E.startBGSave()
		c.WriteStatus("Background saving started")
	}
}
