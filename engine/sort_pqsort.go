package engine

// sortPartial orders v enough that positions lo..hi (0 <= lo <= hi <
// len(v)) hold what a full sort would put there. It is the partial
// quicksort Redis runs for SORT ... BY pattern LIMIT (Bentley and
// McIlroy's three-way quicksort that skips the partitions outside the
// range). The order matters beyond speed: the algorithm is not stable, and
// ALPHA weights can tie (equal values, missing keys), so luakv follows the
// same steps to put tied elements in Redis's order.
func sortPartial(v []sortItem, o sortOrder, lo, hi int) {
	cmp := func(i, j int) int { return o.compare(&v[i], &v[j]) }
	swap := func(i, j int) { v[i], v[j] = v[j], v[i] }
	// swapRun exchanges the n items from i with the n items from j.
	swapRun := func(i, j, n int) {
		for k := 0; k < n; k++ {
			swap(i+k, j+k)
		}
	}
	median := func(a, b, c int) int {
		if cmp(a, b) < 0 {
			if cmp(b, c) < 0 {
				return b
			}
			if cmp(a, c) < 0 {
				return c
			}
			return a
		}
		if cmp(b, c) > 0 {
			return b
		}
		if cmp(a, c) < 0 {
			return a
		}
		return c
	}
	// outside reports whether the partition [a, a+n) misses the range.
	outside := func(a, n int) bool {
		return lo < a && hi < a || lo >= a+n && hi >= a+n
	}

	var sort func(a, n int)
	sort = func(a, n int) {
		for {
			if n < 7 {
				// Insertion sort.
				for m := a + 1; m < a+n; m++ {
					for l := m; l > a && cmp(l-1, l) > 0; l-- {
						swap(l, l-1)
					}
				}
				return
			}
			// The pivot: the middle item, the median of the first, middle
			// and last for more than 7, of three such medians past 40.
			m := a + n/2
			if n > 7 {
				l, r := a, a+n-1
				if n > 40 {
					d := n / 8
					l = median(l, l+d, l+2*d)
					m = median(m-d, m, m+d)
					r = median(r-2*d, r-d, r)
				}
				m = median(l, m, r)
			}
			swap(a, m)

			// Partition into [equal | less | unknown | greater | equal]:
			// items equal to the pivot gather at both ends.
			pa, pb := a+1, a+1
			pc, pd := a+n-1, a+n-1
			for {
				for pb <= pc {
					c := cmp(pb, a)
					if c > 0 {
						break
					}
					if c == 0 {
						swap(pa, pb)
						pa++
					}
					pb++
				}
				for pb <= pc {
					c := cmp(pc, a)
					if c < 0 {
						break
					}
					if c == 0 {
						swap(pc, pd)
						pd--
					}
					pc--
				}
				if pb > pc {
					break
				}
				swap(pb, pc)
				pb++
				pc--
			}
			// Move the equal runs to the middle.
			end := a + n
			k := min(pa-a, pb-pa)
			swapRun(a, pb-k, k)
			k = min(pd-pc, end-pd-1)
			swapRun(pb, end-k, k)

			if k = pb - pa; k > 1 && !outside(a, k) {
				sort(a, k)
			}
			k = pd - pc
			if k <= 1 {
				return
			}
			a, n = end-k, k
			if outside(a, n) {
				return
			}
		}
	}
	sort(0, len(v))
}
