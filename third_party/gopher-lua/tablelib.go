package lua

import (
	"sort"
)

func OpenTable(L *LState) int {
	tabmod := L.RegisterModule(TabLibName, tableFuncs)
	L.Push(tabmod)
	return 1
}

var tableFuncs = map[string]LGFunction{
	"getn":   tableGetN,
	"concat": tableConcat,
	"insert": tableInsert,
	"maxn":   tableMaxN,
	"remove": tableRemove,
	"sort":   tableSort,
}

func tableSort(L *LState) int {
	tbl := L.CheckTable(1)
	sorter := lValueArraySorter{L, nil, tbl.array[:tbl.Len()]} // luakv: 1..#t, not trailing nils
	if L.GetTop() != 1 {
		sorter.Fn = L.CheckFunction(2)
	}
	if tbl.readOnly && tbl.Len() > 1 { // luakv: read-only tables (fewer than 2 elements: no write)
		L.raiseReadOnly()
	}
	sort.Sort(sorter)
	return 0
}

func tableGetN(L *LState) int {
	L.Push(LNumber(L.CheckTable(1).Len()))
	return 1
}

func tableMaxN(L *LState) int {
	L.Push(L.CheckTable(1).maxN()) // luakv: integer keys may be in the hash part
	return 1
}

// luakv: table.remove as Lua 5.1's tremove (see luakv_sparse.go).
func tableRemove(L *LState) int {
	return tableRemove51(L)
}

// luakv: table.concat is tableConcat51 (luakv_strings.go): Lua 5.1's
// ranges and error text, under MaxStringSize, without pushing every piece on
// the registry (100k pieces overflowed it or grew it quadratically).
func tableConcat(L *LState) int {
	return tableConcat51(L)
}

// luakv: table.insert as Lua 5.1's tinsert (see luakv_sparse.go).
func tableInsert(L *LState) int {
	return tableInsert51(L)
}

//
