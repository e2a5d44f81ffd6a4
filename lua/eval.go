package lua

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strings"

	glua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"

	"luakv/engine"
)

// chunkName is the name scripts compile under, as in Redis: errors read
// "user_script:LINE: ..." and the source in error replies "@user_script".
const chunkName = "@user_script"

func (s *Scripting) cmdEval(c *engine.Ctx)      { s.eval(c, false, false) }
func (s *Scripting) cmdEvalSha(c *engine.Ctx)   { s.eval(c, true, false) }
func (s *Scripting) cmdEvalRO(c *engine.Ctx)    { s.eval(c, false, true) }
func (s *Scripting) cmdEvalShaRO(c *engine.Ctx) { s.eval(c, true, true) }

// eval serves EVAL script|sha numkeys key... arg..., in Redis's order of
// checks: the SHA's length (EVALSHA), numkeys, the script, its flags.
func (s *Scripting) eval(c *engine.Ctx, bySHA, ro bool) {
	// EVAL's row skips the monitors after the call: like Redis, the
	// script shows before the commands it runs.
	c.FeedMonitors()
	args := c.Args
	if bySHA && len(args[1]) != 40 {
		c.Err(engine.ErrNoScript)
		return
	}
	nk, ok := engine.ParseInt(args[2])
	if !ok {
		c.Err(engine.ErrNotInteger)
		return
	}
	if nk > int64(len(args)-3) {
		c.Err(engine.ErrNumKeysTooMany)
		return
	}
	if nk < 0 {
		c.Err(engine.ErrNumKeysNegative)
		return
	}
	var sc *script
	if bySHA {
		var sha [40]byte
		if sc = s.cache.getBytes(lowerHex(&sha, args[1])); sc == nil {
			c.Err(engine.ErrNoScript)
			return
		}
	} else {
		var err engine.Error
		if sc, err = s.lookupOrCompile(args[1], false); err != "" {
			c.Err(err)
			return
		}
	}
	declared := sc.flags&flagCompat == 0
	if declared && sc.flags&flagNoWrites == 0 && ro {
		c.Err(engine.ErrScriptWriteInRO)
		return
	}
	if declared && sc.flags&flagNoWrites == 0 && c.E.DiskErrorDeniesWrites() {
		c.Err(engine.ErrMisconfScript)
		return
	}
	if declared && sc.flags&flagNoWrites == 0 && !c.E.EnoughReplicas() {
		c.Err(engine.ErrNoReplicas)
		return
	}
	// The no-writes flag implies allow-oom (Redis's scriptPrepareForRun).
	if declared && sc.flags&(flagAllowOOM|flagNoWrites) == 0 && c.E.OverMaxMemory() {
		c.Err(engine.ErrScriptNoAllowOOM)
		return
	}
	// The commands the script runs are its effects, not EVAL itself.
	c.PreventPropagation()
	readOnly := ro || declared && sc.flags&flagNoWrites != 0
	s.runScript(c, sc, args[3:3+nk], args[3+nk:], readOnly)
}

// shaOf is a script body's SHA1 in lowercase hex, its name in the cache.
func shaOf(body []byte) [40]byte {
	sum := sha1.Sum(body)
	var sha [40]byte
	hex.Encode(sha[:], sum[:])
	return sha
}

// lowerHex lowercases a 40-digit SHA into buf.
func lowerHex(buf *[40]byte, sha []byte) []byte {
	for i, ch := range sha[:40] {
		if 'A' <= ch && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		buf[i] = ch
	}
	return buf[:]
}

// lookupOrCompile returns the script of body, compiling and caching it if
// it is new: in the LRU for EVAL, pinned for SCRIPT LOAD.
func (s *Scripting) lookupOrCompile(body []byte, pin bool) (*script, engine.Error) {
	sha := shaOf(body)
	sc := s.cache.getBytes(sha[:])
	if sc == nil {
		var err engine.Error
		if sc, err = compile(string(sha[:]), body); err != "" {
			return nil, err
		}
		if !pin {
			if n := int(s.e.Config.ScriptCacheSize); n > 0 && n != s.cache.size {
				s.cache.resize(n)
			}
			s.cache.addEval(sc)
		}
	}
	if pin {
		s.cache.pin(sc)
	}
	return sc, ""
}

// compile parses the shebang and compiles the rest. The shebang line is cut
// but its newline kept, so line numbers in errors stay the user's.
func compile(sha string, body []byte) (*script, engine.Error) {
	flags, n, err := parseShebang(body)
	if err != "" {
		return nil, err
	}
	// ParseLimited first bounds the nesting as Lua 5.1's parser does
	// ("chunk has too many syntax levels"): the goyacc parser and the
	// compiler would otherwise grow with it until the process dies.
	chunk, perr := parse.ParseLimited(bytes.NewReader(body[n:]), chunkName, vmOptions.MaxCCalls)
	if perr != nil {
		return nil, engine.ErrScriptCompile(compileErrorText(perr, body[n:]))
	}
	proto, cerr := glua.Compile(chunk, chunkName)
	if cerr != nil {
		return nil, engine.ErrScriptCompile(compileErrorText(cerr, body[n:]))
	}
	return &script{sha: sha, body: string(body), flags: flags, proto: proto}, ""
}

// compileErrorText words a parse or compile error as Lua's
// "user_script:LINE: msg near 'token'". At the end of the source gopher-lua
// reports line -1 and the last token; Lua reports the last line and
// '<eof>'.
func compileErrorText(err error, src []byte) string {
	name := strings.TrimPrefix(chunkName, "@")
	if pe, ok := err.(*parse.Error); ok {
		msg, tok, line := pe.Message, pe.Token, pe.Pos.Line
		if strings.HasPrefix(msg, "syntax error") {
			msg = "unexpected symbol"
		}
		if msg == "unterminated string" {
			msg = "unfinished string"
		}
		if line < 0 {
			line, tok = bytes.Count(src, []byte("\n"))+1, "<eof>"
		}
		return fmt.Sprintf("%s:%d: %s near '%s'", name, line, msg, tok)
	}
	if ce, ok := err.(*glua.CompileError); ok {
		return fmt.Sprintf("%s:%d: %s", name, ce.Line, ce.Message)
	}
	return err.Error()
}

// runScript calls sc with KEYS and ARGV set and writes its reply (or its
// error) to c.
func (s *Scripting) runScript(c *engine.Ctx, sc *script, keys, argv [][]byte, readOnly bool) {
	v := s.vm
	if sc.gen != s.gen {
		sc.fn, sc.gen = v.L.NewFunctionFromProto(sc.proto), s.gen
	}
	s.client.DB = c.Client.DB
	s.client.Proto = 2
	s.run = engine.ScriptRun{
		Client: s.client, Caller: c.Client, ReadOnly: readOnly,
		OOMAtStart: c.E.OverMaxMemory(),
		AllowOOM:   sc.flags&flagCompat == 0 && sc.flags&flagAllowOOM != 0,
	}
	s.running, s.sha = true, sc.sha
	s.startRun()
	defer func() {
		s.running = false
		s.endRun()
		if r := recover(); r != nil {
			// A Go panic inside the VM leaves it in an unknown state:
			// replace it, then let the executor log and answer.
			s.resetVM()
			panic(r)
		}
	}()
	v.setGlobalArray("KEYS", &v.keys, &v.nkeys, keys)
	v.setGlobalArray("ARGV", &v.argv, &v.nargv, argv)
	L := v.L
	L.Push(sc.fn)
	if err := L.PCall(0, 1, v.handler); err != nil {
		s.replyError(c, err)
	} else {
		writeReply(c, L.Get(-1), s.client.Proto, 0)
	}
	L.SetTop(0)
}

// replyError answers a script's error: the message of its error table,
// with " script: SHA, on SOURCE:LINE." where the handler found the line,
// counted in errorstats unless the command it came from was counted.
func (s *Scripting) replyError(c *engine.Ctx, err error) {
	var obj glua.LValue = glua.LString(err.Error())
	if ae, ok := err.(*glua.ApiError); ok {
		obj = ae.Object
	}
	t, ok := obj.(*glua.LTable)
	if !ok {
		// The handler could not run (the call stack was full: "stack
		// overflow"). Word the error as it would have, taking the line
		// from the message's position.
		msg := glua.LVAsString(obj)
		if line, found := positionLine(msg); found {
			c.ErrText("ERR " + msg + " script: " + s.sha + ", on " + chunkName + ":" + line + ".")
			return
		}
		c.ErrText(fmt.Sprintf("ERR Error running script %s, %.100s", s.sha, msg))
		return
	}
	msg := errUnknown
	if e, ok := t.RawGetString("err").(glua.LString); ok {
		msg = string(e)
	}
	src, okSrc := t.RawGetString("source").(glua.LString)
	line := t.RawGetString("line")
	if okSrc && line != glua.LNil {
		msg += " script: " + s.sha + ", on " + string(src) + ":" + luaToString(line) + "."
	}
	if t.RawGetString(fieldIgnoreStats) == glua.LTrue {
		c.ErrUncounted(msg)
		return
	}
	c.ErrText(msg)
}

// positionLine finds the line of a "user_script:LINE: msg" error message.
func positionLine(msg string) (string, bool) {
	rest, ok := strings.CutPrefix(msg, strings.TrimPrefix(chunkName, "@")+":")
	if !ok {
		return "", false
	}
	line, _, ok := strings.Cut(rest, ":")
	if !ok || line == "" || strings.Trim(line, "0123456789") != "" {
		return "", false
	}
	return line, true
}
