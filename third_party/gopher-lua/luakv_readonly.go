package lua

// luakv: read-only tables.
//
// Redis 7 patches its Lua 5.1 with a per-table readonly flag and sets it on
// the library tables and on _G, so that no script can change what the next
// script (of any user) sees. The same flag lives here: every path a script can
// reach that writes to a table (assignment, SETLIST, rawset, table.insert,
// table.remove, table.sort, setmetatable) checks it first, and so do the
// LState API writers (SetField, SetTable, RawSet, RawSetInt, SetMetatable).
// The LTable methods themselves (RawSetString, RawSetInt, Append...) stay
// unchecked: they are the Go owner's access, used to build the tables before
// they are frozen.

// readOnlyTableMsg is the error text of Redis's patched Lua.
const readOnlyTableMsg = "Attempt to modify a readonly table"

// SetReadOnly marks the table read-only (on) or writable again (off). Scripts
// that write to a read-only table get the Lua error
// "Attempt to modify a readonly table". The flag is not recursive; it is not
// synchronised, so set it while no script runs on the table.
func (tb *LTable) SetReadOnly(on bool) { tb.readOnly = on }

// IsReadOnly reports whether SetReadOnly(true) is in effect.
func (tb *LTable) IsReadOnly() bool { return tb.readOnly }

// checkWritable raises the read-only error when tb is read-only.
func (ls *LState) checkWritable(tb *LTable) {
	if tb.readOnly {
		ls.raiseReadOnly()
	}
}

// raiseReadOnly raises the read-only error the way Lua's luaG_runerror does:
// with the "chunk:line:" prefix when a Lua function is running (an assignment
// in the script), without it inside a Go function (rawset, table.insert...).
func (ls *LState) raiseReadOnly() {
	if cf := ls.currentFrame; cf != nil && !cf.Fn.IsG {
		ls.raiseError(1, readOnlyTableMsg)
	}
	ls.raiseError(0, readOnlyTableMsg)
}
