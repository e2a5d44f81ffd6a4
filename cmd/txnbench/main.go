// Command txnbench measures transaction throughput of a RESP server, for
// scripts/bench.sh (redis-benchmark cannot send a MULTI block):
//
//	txnbench -port N -mode multi -pipeline P   MULTI, INCR a, INCR b, EXEC
//	                                           sent in one write, P blocks
//	                                           per round trip; prints
//	                                           transactions/s
//	txnbench -port N -mode cas -keys K         each client loops WATCH k,
//	                                           GET k, MULTI, SET k v+1, EXEC
//	                                           on one of K keys; prints
//	                                           commits/s
//
// Both run -clients connections for -duration, after a FLUSHALL. The CAS
// mode then checks that the keys' values sum to the commits (every commit
// applied, nothing from an aborted EXEC) and exits 1 if not.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	port := flag.Int("port", 6379, "server port on 127.0.0.1")
	mode := flag.String("mode", "multi", "multi or cas")
	clients := flag.Int("clients", 50, "connections")
	pipeline := flag.Int("pipeline", 1, "multi: transactions per round trip")
	keys := flag.Int("keys", 4, "cas: hot keys")
	dur := flag.Duration("duration", 3*time.Second, "run time")
	flag.Parse()
	addr := "127.0.0.1:" + strconv.Itoa(*port)

	admin, err := dial(addr)
	if err != nil {
		fail(err)
	}
	admin.send("FLUSHALL")
	if _, err := admin.line(); err != nil {
		fail(err)
	}

	var done, aborted atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, *clients)
	stop := time.Now().Add(*dur)
	start := time.Now()
	for i := 0; i < *clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			c, err := dial(addr)
			if err != nil {
				errs <- err
				return
			}
			defer c.nc.Close()
			if *mode == "multi" {
				err = c.multiLoop(stop, *pipeline, &done)
			} else {
				err = c.casLoop(stop, *keys, uint64(i), &done, &aborted)
			}
			if err != nil {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		fail(err)
	}
	fmt.Printf("%.0f\n", float64(done.Load())/elapsed.Seconds())
	if *mode == "cas" {
		attempts := done.Load() + aborted.Load()
		fmt.Fprintf(os.Stderr, "txnbench: %d attempts/s, %.1f%% committed\n",
			int64(float64(attempts)/elapsed.Seconds()), 100*float64(done.Load())/float64(max(attempts, 1)))
		var sum int64
		for k := 0; k < *keys; k++ {
			admin.send("GET", "k:"+strconv.Itoa(k))
			v, ok, err := admin.bulk()
			if err != nil {
				fail(err)
			}
			if ok {
				n, _ := strconv.ParseInt(v, 10, 64)
				sum += n
			}
		}
		if sum != done.Load() {
			fmt.Fprintf(os.Stderr, "txnbench: %d commits but the counters sum to %d\n", done.Load(), sum)
			os.Exit(1)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "txnbench:", err)
	os.Exit(1)
}

type conn struct {
	nc  net.Conn
	rd  *bufio.Reader
	out []byte
}

func dial(addr string) (*conn, error) {
	nc, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &conn{nc: nc, rd: bufio.NewReaderSize(nc, 64<<10)}, nil
}

// queue appends a command to the output buffer.
func (c *conn) queue(args ...string) {
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

func (c *conn) flush() error {
	_, err := c.nc.Write(c.out)
	c.out = c.out[:0]
	return err
}

func (c *conn) send(args ...string) {
	c.queue(args...)
	if err := c.flush(); err != nil {
		fail(err)
	}
}

func (c *conn) line() (string, error) {
	s, err := c.rd.ReadString('\n')
	if err == nil && strings.HasPrefix(s, "-") {
		err = fmt.Errorf("server error: %s", strings.TrimSpace(s))
	}
	return strings.TrimSuffix(s, "\r\n"), err
}

func (c *conn) expect(want string) error {
	got, err := c.line()
	if err == nil && got != want {
		err = fmt.Errorf("got %q, want %q", got, want)
	}
	return err
}

// bulk reads a bulk string reply; ok is false for the null bulk.
func (c *conn) bulk() (v string, ok bool, err error) {
	h, err := c.line()
	if err != nil || h == "$-1" {
		return "", false, err
	}
	v, err = c.line()
	return v, true, err
}

// multiLoop sends p MULTI/INCR/INCR/EXEC blocks per write until stop.
func (c *conn) multiLoop(stop time.Time, p int, done *atomic.Int64) error {
	for time.Now().Before(stop) {
		for j := 0; j < p; j++ {
			c.queue("MULTI")
			c.queue("INCR", "a")
			c.queue("INCR", "b")
			c.queue("EXEC")
		}
		if err := c.flush(); err != nil {
			return err
		}
		for j := 0; j < p; j++ {
			// +OK +QUEUED +QUEUED *2 :n :n
			for k := 0; k < 6; k++ {
				if _, err := c.line(); err != nil {
					return err
				}
			}
		}
		done.Add(int64(p))
	}
	return nil
}

// casLoop runs optimistic increments until stop.
func (c *conn) casLoop(stop time.Time, keys int, seed uint64, done, aborted *atomic.Int64) error {
	r := rand.New(rand.NewPCG(seed, 1))
	for time.Now().Before(stop) {
		k := "k:" + strconv.Itoa(r.IntN(keys))
		c.queue("WATCH", k)
		c.queue("GET", k)
		if err := c.flush(); err != nil {
			return err
		}
		if err := c.expect("+OK"); err != nil {
			return err
		}
		v, _, err := c.bulk()
		if err != nil {
			return err
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		c.queue("MULTI")
		c.queue("SET", k, strconv.FormatInt(n+1, 10))
		c.queue("EXEC")
		if err := c.flush(); err != nil {
			return err
		}
		if err := c.expect("+OK"); err != nil {
			return err
		}
		if err := c.expect("+QUEUED"); err != nil {
			return err
		}
		h, err := c.line()
		if err != nil {
			return err
		}
		if h == "*-1" {
			aborted.Add(1)
			continue
		}
		if err := c.expect("+OK"); err != nil {
			return err
		}
		done.Add(1)
	}
	return nil
}
