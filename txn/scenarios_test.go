package txn_test

import "testing"

// TestScenarios plays every recorded scenario on the engine.
func TestScenarios(t *testing.T) {
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) { runScenario(t, s) })
	}
}

// TestScenariosAgainstRedis checks the recorded replies against a live
// redis-server (LUAKV_DIFF_REDIS=host:port), so that the table stays what
// Redis does.
func TestScenariosAgainstRedis(t *testing.T) {
	addr := redisAddr(t)
	for _, s := range scenarios {
		t.Run(s.name, func(t *testing.T) {
			admin := dialRESP(t, addr)
			admin.do("flushall")
			admin.do("debug set-active-expire 1")
			admin.do(`config set requirepass ""`)
			admin.Close()
			conns := map[int]*respConn{}
			defer func() {
				for _, c := range conns {
					c.Close()
				}
			}()
			for i, st := range s.steps {
				if d, ok := sleepOf(st.cmd); ok {
					sleep(d)
					continue
				}
				c := conns[st.conn]
				if c == nil {
					c = dialRESP(t, addr)
					conns[st.conn] = c
				}
				if st.want == "" {
					// No reply (CLIENT REPLY OFF or SKIP): the next reply shows
					// nothing came.
					c.send(words(st.cmd)...)
					continue
				}
				got := c.do(st.cmd)
				if st.want != "?" && got != st.want {
					t.Errorf("step %d: @%d %s\n redis: %q\nrecorded: %q", i, st.conn, st.cmd, got, st.want)
				}
			}
		})
	}
}
