package lua

// luakv: runtime error texts as Lua 5.1 writes them. Lua names the value an
// error is about when it comes from a variable: "attempt to call global 'f'
// (a nil value)", "attempt to index field 'a' (a nil value)", "attempt to
// perform arithmetic on local 'x' (a string value)"; gopher-lua wrote
// "attempt to call a non-function object", "attempt to index a
// non-table object(nil) with key 'b'", "cannot perform add operation between
// number and nil". The names come from the bytecode as in ldebug.c:
// getobjname over symbexec (gopher-lua's opcodes are Lua 5.1's, plus MOVEN
// and GETTABLEKS/SETTABLEKS).

// typeError raises "attempt to <op> <kind> '<name>' (a <type> value)" when
// reg (a register of the running Lua function, -1 for none) holds a
// variable Lua can name, else "attempt to <op> a <type> value".
func (ls *LState) typeError(op string, v LValue, reg int) {
	t := v.Type().String()
	if cf := ls.currentFrame; reg >= 0 && cf != nil && !cf.Fn.IsG {
		if kind, name := objName(cf, reg); kind != "" {
			ls.RaiseError("attempt to %s %s '%s' (a %s value)", op, kind, name, t)
		}
	}
	ls.RaiseError("attempt to %s a %s value", op, t)
}

// currentInst is the instruction the running Lua function is executing.
func (ls *LState) currentInst() (uint32, bool) {
	cf := ls.currentFrame
	if cf == nil || cf.Fn.IsG || cf.Pc < 1 {
		return 0, false
	}
	return cf.Fn.Proto.Code[cf.Pc-1], true
}

// arithError blames the first operand that is not a number, as
// luaG_aritherror does; lhs and rhs are already converted from numeric
// strings.
func (ls *LState) arithError(lhs, rhs LValue) {
	bad, first := rhs, false
	if _, ok := lhs.(LNumber); !ok {
		bad, first = lhs, true
	}
	reg := -1
	if inst, ok := ls.currentInst(); ok {
		switch opGetOpCode(inst) {
		case OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MOD, OP_POW:
			rk := opGetArgC(inst)
			if first {
				rk = opGetArgB(inst)
			}
			if !opIsK(rk) {
				reg = rk
			}
		case OP_UNM:
			if b := opGetArgB(inst); !opIsK(b) {
				reg = b
			}
		}
	}
	ls.typeError("perform arithmetic on", bad, reg)
}

// indexError is luaG_typeerror(t, "index") for getField/setField: obj is
// named only when it is the value the instruction indexes (not one reached
// through __index/__newindex).
func (ls *LState) indexError(obj LValue, first bool) {
	reg := -1
	if inst, ok := ls.currentInst(); ok && first {
		switch opGetOpCode(inst) {
		case OP_GETTABLE, OP_GETTABLEKS, OP_SELF:
			reg = opGetArgB(inst)
		case OP_SETTABLE, OP_SETTABLEKS:
			reg = opGetArgA(inst)
		}
	}
	ls.typeError("index", obj, reg)
}

// concatError is luaG_concaterror: the left operand unless it is a string
// or number, else the right one. Registers are absolute registry indexes.
func (ls *LState) concatError(lhs LValue, lhsReg int, rhs LValue, rhsReg int) {
	bad, reg := lhs, lhsReg
	if LVCanConvToString(lhs) {
		bad, reg = rhs, rhsReg
	}
	if cf := ls.currentFrame; cf != nil && !cf.Fn.IsG {
		reg -= cf.LocalBase
	} else {
		reg = -1
	}
	ls.typeError("concatenate", bad, reg)
}

// compareError is luaG_ordererror (including its test on the third letter
// of the type names, which makes string vs thread "two string values").
func (ls *LState) compareError(lhs, rhs LValue) {
	t1, t2 := lhs.Type().String(), rhs.Type().String()
	if t1[2] == t2[2] {
		ls.RaiseError("attempt to compare two %s values", t1)
	}
	ls.RaiseError("attempt to compare %s with %s", t1, t2)
}

// forPrep is the check OP_FORPREP makes in Lua 5.1: initial value, limit
// and step must be numbers (numeric strings are converted in place).
func (ls *LState) forPrep(ra int) {
	for i, what := range [3]string{"initial value", "limit", "step"} {
		switch v := ls.reg.Get(ra + i).(type) {
		case LNumber:
			continue
		case LString:
			if f, ok := luaStr2Number(string(v)); ok {
				ls.reg.Set(ra+i, LNumber(f))
				continue
			}
		}
		ls.RaiseError("'for' %s must be a number", what)
	}
}

// objName is ldebug.c's getobjname: what variable register reg of frame cf
// holds at the current instruction ("local", "global", "field", "upvalue",
// "method"), or "" when it is not known.
func objName(cf *callFrame, reg int) (kind, name string) {
	fn := cf.Fn
	p := fn.Proto
	pc := cf.Pc - 1
	if name, ok := localName(p, reg+1, pc); ok {
		return "local", name
	}
	inst, ok := symbexec(p, pc, reg)
	if !ok {
		return "", ""
	}
	switch opGetOpCode(inst) {
	case OP_GETGLOBAL:
		return "global", p.stringConstants[opGetArgBx(inst)]
	case OP_MOVE, OP_MOVEN:
		if a, b := opGetArgA(inst), opGetArgB(inst); b < a {
			return objName(cf, b)
		}
	case OP_GETTABLE, OP_GETTABLEKS:
		return "field", constName(p, opGetArgC(inst))
	case OP_GETUPVAL:
		name := "?"
		if b := opGetArgB(inst); b < len(p.DbgUpvalues) {
			name = p.DbgUpvalues[b]
		}
		return "upvalue", name
	case OP_SELF:
		return "method", constName(p, opGetArgC(inst))
	}
	return "", ""
}

// localName is luaF_getlocalname: the name of the regno-th active local
// variable at pc (LFunction.LocalName tests StartPc < pc, missing locals at
// the first instruction of their scope).
func localName(p *FunctionProto, regno, pc int) (string, bool) {
	for i := 0; i < len(p.DbgLocals) && p.DbgLocals[i].StartPc <= pc; i++ {
		if pc < p.DbgLocals[i].EndPc {
			regno--
			if regno == 0 {
				return p.DbgLocals[i].Name, true
			}
		}
	}
	return "", false
}

// constName is ldebug.c's kname: a constant string operand, else "?".
func constName(p *FunctionProto, rk int) string {
	if opIsK(rk) {
		if s, ok := p.Constants[opIndexK(rk)].(LString); ok {
			return string(s)
		}
	}
	return "?"
}

// symbexec finds the last instruction before lastpc that set register reg,
// following forward jumps as Lua 5.1's symbexec does (without its checks).
func symbexec(p *FunctionProto, lastpc, reg int) (uint32, bool) {
	last := -1
	for pc := 0; pc < lastpc && pc < len(p.Code); pc++ {
		inst := p.Code[pc]
		op := opGetOpCode(inst)
		a := opGetArgA(inst)
		if op < len(opProps) && opProps[op].SetRegA && a == reg {
			last = pc
		}
		switch op {
		case OP_LOADNIL:
			if a <= reg && reg <= opGetArgB(inst) {
				last = pc
			}
		case OP_SELF:
			if reg == a+1 {
				last = pc
			}
		case OP_TFORLOOP:
			if reg >= a+2 {
				last = pc
			}
		case OP_CALL, OP_TAILCALL:
			if reg >= a {
				last = pc
			}
		case OP_JMP, OP_FORLOOP, OP_FORPREP:
			sbx := opGetArgSbx(inst)
			if dest := pc + 1 + sbx; pc < dest && dest <= lastpc {
				pc += sbx
			}
		case OP_SETLIST:
			if opGetArgC(inst) == 0 {
				pc++
			}
		case OP_CLOSURE:
			if bx := opGetArgBx(inst); bx < len(p.FunctionPrototypes) {
				pc += int(p.FunctionPrototypes[bx].NumUpvalues)
			}
		}
	}
	if last < 0 {
		return 0, false
	}
	return p.Code[last], true
}
