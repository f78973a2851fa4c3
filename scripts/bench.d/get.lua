-- GET the URL given on wrk's command line, with the token or session cookie from the environment.
dofile(os.getenv("BENCH_LUA") .. "/common.lua")
bench_headers()
