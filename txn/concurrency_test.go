package txn_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// casClient is a minimal RESP client for the concurrency test; it returns
// errors instead of failing the test, since it runs on its own goroutine.
type casClient struct {
	nc  net.Conn
	rd  *bufio.Reader
	out []byte
}

func (c *casClient) queue(args ...string) {
	c.out = append(c.out, '*')
	c.out = strconv.AppendInt(c.out, int64(len(args)), 10)
	c.out = append(c.out, "\r\n"...)
	for _, a := range args {
		c.out = append(c.out, '$')
		c.out = strconv.AppendInt(c.out, int64(len(a)), 10)
		c.out = append(c.out, "\r\n"...)
		c.out = append(c.out, a...)
		c.out = append(c.out, "\r\n"...)
	}
}

func (c *casClient) flush() error {
	_, err := c.nc.Write(c.out)
	c.out = c.out[:0]
	return err
}

// line reads one reply line without its CRLF.
func (c *casClient) line() (string, error) {
	s, err := c.rd.ReadString('\n')
	return strings.TrimSuffix(s, "\r\n"), err
}

// bulk reads a bulk reply: its value, or ok=false for the null bulk.
func (c *casClient) bulk() (v string, ok bool, err error) {
	h, err := c.line()
	if err != nil || h == "$-1" {
		return "", false, err
	}
	if !strings.HasPrefix(h, "$") {
		return "", false, fmt.Errorf("want bulk, got %q", h)
	}
	v, err = c.line()
	return v, true, err
}

func (c *casClient) expect(want string) error {
	got, err := c.line()
	if err == nil && got != want {
		err = fmt.Errorf("got %q, want %q", got, want)
	}
	return err
}

// TestConcurrentCAS runs 200 clients, each with its own connection, doing
// optimistic transactions on a few hot keys for a bounded time: WATCH k,
// GET k, then MULTI, INCRBY k d (or SET k v+d, a compare-and-set that loses
// updates unless WATCH works), EXEC, retrying when EXEC returns the null
// array. Every committed increment must show in the counters, and nothing
// from an aborted EXEC may.
func TestConcurrentCAS(t *testing.T) {
	const clients = 200
	keys := []string{"hot:0", "hot:1", "hot:2", "hot:3"}
	dur := 2 * time.Second
	if testing.Short() {
		dur = 300 * time.Millisecond
	}
	_, addr := startServer(t)
	if a := os.Getenv("LUAKV_CAS_ADDR"); a != "" {
		addr = a // the same load on another server (redis-server, for comparison)
		c := dialRESP(t, addr)
		c.do("del hot:0 hot:1 hot:2 hot:3")
		c.Close()
	}

	var mu sync.Mutex
	var committed, aborted int64
	sums := map[string]int64{}
	errs := make(chan error, clients)
	var wg sync.WaitGroup
	stop := time.Now().Add(dur)
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			nc, err := net.Dial("tcp", addr)
			if err != nil {
				errs <- err
				return
			}
			defer nc.Close()
			c := &casClient{nc: nc, rd: bufio.NewReader(nc)}
			r := rand.New(rand.NewPCG(uint64(i), 7))
			mine := map[string]int64{}
			var ok, retries int64
			fail := func(err error) { errs <- fmt.Errorf("client %d: %w", i, err) }
			for time.Now().Before(stop) {
				k := keys[r.IntN(len(keys))]
				d := int64(1 + r.IntN(3))
				c.queue("WATCH", k)
				c.queue("GET", k)
				if err := c.flush(); err != nil {
					fail(err)
					return
				}
				if err := c.expect("+OK"); err != nil {
					fail(err)
					return
				}
				v, _, err := c.bulk()
				if err != nil {
					fail(err)
					return
				}
				cur, _ := strconv.ParseInt(v, 10, 64)
				c.queue("MULTI")
				if i%2 == 0 {
					c.queue("INCRBY", k, strconv.FormatInt(d, 10))
				} else {
					c.queue("SET", k, strconv.FormatInt(cur+d, 10))
				}
				c.queue("EXEC")
				if err := c.flush(); err != nil {
					fail(err)
					return
				}
				for _, want := range []string{"+OK", "+QUEUED"} {
					if err := c.expect(want); err != nil {
						fail(err)
						return
					}
				}
				h, err := c.line()
				if err != nil {
					fail(err)
					return
				}
				switch h {
				case "*-1":
					retries++
					continue
				case "*1":
				default:
					fail(fmt.Errorf("EXEC replied %q", h))
					return
				}
				res, err := c.line()
				if err != nil {
					fail(err)
					return
				}
				if i%2 == 0 {
					// INCRBY under WATCH: the key did not change since GET.
					if res != ":"+strconv.FormatInt(cur+d, 10) {
						fail(fmt.Errorf("INCRBY %s from %d by %d gave %s", k, cur, d, res))
						return
					}
				} else if res != "+OK" {
					fail(fmt.Errorf("SET gave %s", res))
					return
				}
				mine[k] += d
				ok++
			}
			mu.Lock()
			for k, v := range mine {
				sums[k] += v
			}
			committed += ok
			aborted += retries
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	c := dialRESP(t, addr)
	defer c.Close()
	for _, k := range keys {
		got := c.do("get " + k)
		want := "$-1\r\n"
		if sums[k] > 0 {
			s := strconv.FormatInt(sums[k], 10)
			want = "$" + strconv.Itoa(len(s)) + "\r\n" + s + "\r\n"
		}
		if got != want {
			t.Errorf("%s = %q, committed increments sum to %d", k, got, sums[k])
		}
	}
	if committed == 0 || aborted == 0 {
		t.Errorf("committed %d, aborted %d: the test did not contend", committed, aborted)
	}
	t.Logf("%d clients, %v: %d commits, %d aborted EXECs", clients, dur, committed, aborted)
}
