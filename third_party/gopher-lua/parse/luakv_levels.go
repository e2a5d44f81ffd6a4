package parse

// luakv: syntax nesting limit.
//
// Lua 5.1's recursive-descent parser counts its nesting (every block and
// every sub-expression) and stops at LUAI_MAXCCALLS with "chunk has too many
// syntax levels". gopher-lua's goyacc parser has no such limit: its explicit
// stack, the AST and the recursive compiler grew with the nesting, so one
// script of nested parentheses could exhaust memory or the Go stack.
//
// checkLevels runs before the goyacc parser. It is a recogniser that follows
// the structure of Lua 5.1's lparser.c and builds nothing, so it counts levels
// exactly as Lua does and fails at the first level over the limit, having
// allocated nothing per level. It also bounds the nesting that Lua handles
// with loops but that becomes AST depth here (left-associative operator
// chains, suffix chains such as a.b.c or f()(), elseif chains), because the
// compiler recurses over that depth. It gives up silently at anything it does
// not understand: the goyacc parser then reports the syntax error.

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/yuin/gopher-lua/ast"
)

// MaxChainDepth bounds the AST depth the recogniser accepts (levels plus
// left-nested chains). Lua 5.1 accepts longer flat chains; scripts with a
// single expression of thousands of operators are not realistic, and the
// bound keeps the compiler's recursion small.
var MaxChainDepth = 8000

// LevelError is the error of a script nested deeper than allowed. Its text is
// Lua's: "<chunkid>:<line>: chunk has too many syntax levels".
type LevelError struct {
	Source string // the chunk name given to the parser
	Line   int
}

func (e *LevelError) Error() string {
	return fmt.Sprintf("%s:%d: chunk has too many syntax levels", ChunkID(e.Source, ChunkIDSyntax), e.Line)
}

// Sizes of the buffers Lua 5.1 formats chunk names into: syntax errors use
// llex.c's MAXSRC, runtime positions LUA_IDSIZE.
const (
	ChunkIDSyntax  = 80
	ChunkIDRuntime = 60
)

// ChunkID formats a chunk name the way Lua 5.1's luaO_chunkid does into a
// buffer of size bufSize (ChunkIDSyntax or ChunkIDRuntime): "=name" shows as
// name, "@file" as file (its end when long), anything else, the source text
// itself for loadstring, as [string "first line..."].
func ChunkID(source string, bufSize int) string {
	switch {
	case len(source) > 0 && source[0] == '=':
		s := source[1:]
		if len(s) > bufSize-1 {
			s = s[:bufSize-1]
		}
		return s
	case len(source) > 0 && source[0] == '@':
		s := source[1:]
		max := bufSize - len(" '...' ") - 1
		if len(s) > max {
			return "..." + s[len(s)-max:]
		}
		return s
	default:
		max := bufSize - len(" [string \"...\"] ") - 1
		n := len(source)
		if i := strings.IndexAny(source, "\n\r"); i >= 0 {
			n = i
		}
		if n > max {
			n = max
		}
		if n < len(source) {
			return `[string "` + source[:n] + `..."]`
		}
		return `[string "` + source + `"]`
	}
}

// errStopCheck ends the recogniser early without an error (syntax error or
// lexer error: the real parser reports it).
type errStopCheck struct{}

type levelChecker struct {
	lexer    *Lexer
	tok      ast.Token
	ahead    ast.Token
	hasAhead bool
	source   string
	level    int // Lua's nCcalls while parsing, minus the base
	max      int
	depth    int // AST depth: levels plus left-nested chain links
}

// CheckLevels reports a *LevelError when src, parsed as Lua 5.1 does, nests
// more than maxLevels syntax levels (or more than MaxChainDepth AST levels).
// maxLevels is LUAI_MAXCCALLS minus the C calls already active. Syntax errors
// are not reported here.
func CheckLevels(src []byte, name string, maxLevels int) (err error) {
	lc := &levelChecker{
		lexer:  &Lexer{NewScanner(bytes.NewReader(src), name), nil, false, ast.Token{Str: ""}, TNil},
		source: name,
		max:    maxLevels,
	}
	defer func() {
		if r := recover(); r != nil {
			switch e := r.(type) {
			case errStopCheck:
				err = nil
			case *LevelError:
				err = e
			default:
				panic(r)
			}
		}
	}()
	lc.next()
	lc.chunk()
	return nil
}

func (lc *levelChecker) scan() ast.Token {
	lc.lexer.PrevTokenType = lc.lexer.Token.Type
	tok, err := lc.lexer.scanner.Scan(lc.lexer)
	if err != nil {
		panic(errStopCheck{})
	}
	lc.lexer.Token = tok
	return tok
}

func (lc *levelChecker) next() {
	if lc.hasAhead {
		lc.tok, lc.hasAhead = lc.ahead, false
		return
	}
	lc.tok = lc.scan()
}

func (lc *levelChecker) lookahead() int {
	if !lc.hasAhead {
		lc.ahead, lc.hasAhead = lc.scan(), true
	}
	return lc.ahead.Type
}

func (lc *levelChecker) fail() { panic(errStopCheck{}) }

func (lc *levelChecker) check(t int) {
	if lc.tok.Type != t {
		lc.fail()
	}
}

func (lc *levelChecker) checkNext(t int) {
	lc.check(t)
	lc.next()
}

func (lc *levelChecker) testNext(t int) bool {
	if lc.tok.Type == t {
		lc.next()
		return true
	}
	return false
}

// enter is lparser.c's enterlevel; it returns the depth to restore.
func (lc *levelChecker) enter() int {
	lc.level++
	if lc.level > lc.max {
		panic(&LevelError{Source: lc.source, Line: lc.tok.Pos.Line})
	}
	d := lc.depth
	lc.chain()
	return d
}

func (lc *levelChecker) leave(depth int) {
	lc.level--
	lc.depth = depth
}

// chain counts one more level of AST depth.
func (lc *levelChecker) chain() {
	lc.depth++
	if lc.depth > MaxChainDepth {
		panic(&LevelError{Source: lc.source, Line: lc.tok.Pos.Line})
	}
}

func blockFollow(t int) bool {
	switch t {
	case TElse, TElseIf, TEnd, TUntil, EOF:
		return true
	}
	return false
}

func (lc *levelChecker) chunk() {
	d := lc.enter()
	for last := false; !last && !blockFollow(lc.tok.Type); {
		last = lc.statement()
		lc.testNext(';')
	}
	lc.leave(d)
}

func (lc *levelChecker) block() { lc.chunk() }

// statement returns true for a last statement (return, break).
func (lc *levelChecker) statement() bool {
	switch lc.tok.Type {
	case TIf:
		d := lc.depth
		lc.testThenBlock()
		for lc.tok.Type == TElseIf {
			lc.chain() // elseif nests in the AST
			lc.testThenBlock()
		}
		if lc.testNext(TElse) {
			lc.block()
		}
		lc.checkNext(TEnd)
		lc.depth = d
	case TWhile:
		lc.next()
		lc.expr()
		lc.checkNext(TDo)
		lc.block()
		lc.checkNext(TEnd)
	case TDo:
		lc.next()
		lc.block()
		lc.checkNext(TEnd)
	case TFor:
		lc.next()
		lc.checkNext(TIdent)
		if lc.testNext('=') {
			lc.expr()
			lc.checkNext(',')
			lc.expr()
			if lc.testNext(',') {
				lc.expr()
			}
		} else {
			for lc.testNext(',') {
				lc.checkNext(TIdent)
			}
			lc.checkNext(TIn)
			lc.exprList()
		}
		lc.checkNext(TDo)
		lc.block()
		lc.checkNext(TEnd)
	case TRepeat:
		lc.next()
		lc.chunk()
		lc.checkNext(TUntil)
		lc.expr()
	case TFunction:
		lc.next()
		lc.checkNext(TIdent)
		for lc.testNext('.') {
			lc.checkNext(TIdent)
		}
		if lc.testNext(':') {
			lc.checkNext(TIdent)
		}
		lc.body()
	case TLocal:
		lc.next()
		if lc.testNext(TFunction) {
			lc.checkNext(TIdent)
			lc.body()
		} else {
			lc.checkNext(TIdent)
			for lc.testNext(',') {
				lc.checkNext(TIdent)
			}
			if lc.testNext('=') {
				lc.exprList()
			}
		}
	case TReturn:
		lc.next()
		if !blockFollow(lc.tok.Type) && lc.tok.Type != ';' {
			lc.exprList()
		}
		return true
	case TBreak:
		lc.next()
		return true
	case TGoto: // gopher-lua extension
		lc.next()
		lc.checkNext(TIdent)
	case T2Colon: // gopher-lua extension
		lc.next()
		lc.checkNext(TIdent)
		lc.checkNext(T2Colon)
	default:
		lc.primaryExp()
		if lc.tok.Type == '=' || lc.tok.Type == ',' {
			for lc.testNext(',') {
				lc.primaryExp()
			}
			lc.checkNext('=')
			lc.exprList()
		}
	}
	return false
}

func (lc *levelChecker) testThenBlock() {
	lc.next() // if / elseif
	lc.expr()
	lc.checkNext(TThen)
	lc.block()
}

func (lc *levelChecker) body() {
	lc.checkNext('(')
	if lc.tok.Type != ')' {
		for {
			if lc.testNext(T3Comma) {
				break
			}
			lc.checkNext(TIdent)
			if !lc.testNext(',') {
				break
			}
		}
	}
	lc.checkNext(')')
	lc.chunk()
	lc.checkNext(TEnd)
}

func (lc *levelChecker) exprList() {
	lc.expr()
	for lc.testNext(',') {
		lc.expr()
	}
}

func (lc *levelChecker) expr() { lc.subExpr(0) }

// Lua 5.1 binary operator priorities (left, right); 0 = not a binary operator.
func binaryPriority(t int) (int, int) {
	switch t {
	case '+', '-':
		return 6, 6
	case '*', '/', '%':
		return 7, 7
	case '^':
		return 10, 9
	case T2Comma:
		return 5, 4
	case TEqeq, TNeq, '<', '>', TLte, TGte:
		return 3, 3
	case TAnd:
		return 2, 2
	case TOr:
		return 1, 1
	}
	return 0, 0
}

const unaryPriority = 8

// subExpr follows lparser.c's subexpr and returns the first operator it did
// not consume.
func (lc *levelChecker) subExpr(limit int) int {
	d := lc.enter()
	switch lc.tok.Type {
	case TNot, '-', '#':
		lc.next()
		lc.subExpr(unaryPriority)
	default:
		lc.simpleExp()
	}
	op := lc.tok.Type
	for {
		left, right := binaryPriority(op)
		if left == 0 || left <= limit {
			break
		}
		lc.chain() // the expression so far becomes the left operand
		lc.next()
		op = lc.subExpr(right)
	}
	lc.leave(d)
	return op
}

func (lc *levelChecker) simpleExp() {
	switch lc.tok.Type {
	case TNumber, TString, TNil, TTrue, TFalse, T3Comma:
		lc.next()
	case '{':
		lc.constructor()
	case TFunction:
		lc.next()
		lc.body()
	default:
		lc.primaryExp()
	}
}

func (lc *levelChecker) prefixExp() {
	switch lc.tok.Type {
	case TIdent:
		lc.next()
	case '(':
		lc.next()
		lc.expr()
		lc.checkNext(')')
	default:
		lc.fail()
	}
}

func (lc *levelChecker) primaryExp() {
	d := lc.depth
	lc.prefixExp()
	for {
		switch lc.tok.Type {
		case '.':
			lc.next()
			lc.checkNext(TIdent)
		case '[':
			lc.next()
			lc.expr()
			lc.checkNext(']')
		case ':':
			lc.next()
			lc.checkNext(TIdent)
			lc.funcArgs()
		case '(', TString, '{':
			lc.funcArgs()
		default:
			lc.depth = d
			return
		}
		lc.chain() // each suffix wraps the expression so far
	}
}

func (lc *levelChecker) funcArgs() {
	switch lc.tok.Type {
	case '(':
		lc.next()
		if lc.tok.Type != ')' {
			lc.exprList()
		}
		lc.checkNext(')')
	case '{':
		lc.constructor()
	case TString:
		lc.next()
	default:
		lc.fail()
	}
}

func (lc *levelChecker) constructor() {
	lc.checkNext('{')
	for lc.tok.Type != '}' {
		switch lc.tok.Type {
		case TIdent:
			if lc.lookahead() == '=' {
				lc.next()
				lc.next()
			}
			lc.expr()
		case '[':
			lc.next()
			lc.expr()
			lc.checkNext(']')
			lc.checkNext('=')
			lc.expr()
		default:
			lc.expr()
		}
		if !lc.testNext(',') && !lc.testNext(';') {
			break
		}
	}
	lc.checkNext('}')
}

// ParseLimited is Parse preceded by CheckLevels(src, name, maxLevels); a
// negative maxLevels skips the check. The reader is read whole first.
func ParseLimited(reader io.Reader, name string, maxLevels int) ([]ast.Stmt, error) {
	if maxLevels < 0 {
		return Parse(reader, name)
	}
	src, err := readAll(reader)
	if err != nil {
		return nil, err
	}
	if err := CheckLevels(src, name, maxLevels); err != nil {
		return nil, err
	}
	return Parse(bytes.NewReader(src), name)
}

// readAll reads the whole source, in one allocation when the reader knows
// its length (strings.Reader, bytes.Reader, bytes.Buffer).
func readAll(reader io.Reader) ([]byte, error) {
	if l, ok := reader.(interface{ Len() int }); ok {
		src := make([]byte, l.Len())
		if _, err := io.ReadFull(reader, src); err != nil {
			return nil, err
		}
		if l.Len() == 0 {
			return src, nil
		}
		rest, err := io.ReadAll(reader)
		return append(src, rest...), err
	}
	return io.ReadAll(reader)
}
