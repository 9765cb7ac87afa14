;; The hot loops of the registry import's encoding (batch.ts): HMAC-SHA-256 of four match keys at once (one key per
;; i32x4 lane, FIPS 180-4 with the HMAC key's ipad/opad states precomputed) and AES-256-GCM's XOR with the keystream
;; and GHASH (Shoup's 8-bit table, as gcm-batch.ts and OpenSSL's gcm_gmult_8bit). The AES itself stays in
;; node:crypto (one ECB pass per batch). Assembled by scripts/build-wasm.ts into batch-crypto-wasm.ts;
;; batch-crypto.test.ts compares every output with node:crypto. Why: see the figures at the top of batch.ts.
;;
;; Memory (the caller, batch-crypto.ts, writes the constants once):
;;   0     K, the 64 round constants (i32)            256   the inner state after K ⊕ ipad (8 × i32)
;;   288   the outer state after K ⊕ opad             352   a dummy digest (lanes past the last key)
;;   384   lanes: per lane src, whole blocks, tail, out (4 × 16 bytes)
;;   512   W, the message schedule (64 × v128)        1536  the four lanes' padded tails (4 × 128 bytes)
;;   2048  GHASH table: the 256 multiples of H (16 bytes each, the block's own byte order)
;;   6144  REM: per byte shifted out, the reduction's two bytes (i64, little-endian)
;;   8192  GHASH's zero-padded last block             8448  the SHA-256 state (8 × v128)
;;   65536 the batch (the caller's layout)
;;
;; GHASH works on the block as two little-endian i64 (lo = bytes 0–7, hi = bytes 8–15): GCM's multiplication by x^8
;; moves every byte one place up (byte 15 leaves, its reduction enters bytes 0 and 1), so no byte is swapped.
(module
  (memory (export "memory") 2)
  (global $xlo (mut i64) (i64.const 0))
  (global $xhi (mut i64) (i64.const 0))

  ;; Stores the transpose of the 4×4 i32 matrix with rows a b c d, each word byte-swapped, row k at ok.
  (func $tr4 (param $a v128) (param $b v128) (param $c v128) (param $d v128) (param $o0 i32) (param $o1 i32) (param $o2 i32) (param $o3 i32)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $a) (local.get $b)))
    (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $a) (local.get $b)))
    (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $c) (local.get $d)))
    (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $c) (local.get $d)))
    (v128.store (local.get $o0) (i8x16.swizzle (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)) (v128.const i8x16 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12)))
    (v128.store (local.get $o1) (i8x16.swizzle (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)) (v128.const i8x16 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12)))
    (v128.store (local.get $o2) (i8x16.swizzle (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)) (v128.const i8x16 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12)))
    (v128.store (local.get $o3) (i8x16.swizzle (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)) (v128.const i8x16 3 2 1 0 7 6 5 4 11 10 9 8 15 14 13 12))))

  ;; One SHA-256 compression of the four lanes: W[0..15] are in place; the schedule, 64 rounds, the state added.
  (func $compress
    (local $i i32) (local $q i32) (local $x v128) (local $y v128)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $e v128) (local $f v128) (local $g v128) (local $h v128)
    (local $t1 v128) (local $t2 v128)
    ;; W[i] = W[i-16] + σ0(W[i-15]) + W[i-7] + σ1(W[i-2]), q = the address of W[i-16]
    (local.set $q (i32.const 512))
    (loop $s
      (local.set $x (v128.load offset=16 (local.get $q)))
      (local.set $y (v128.load offset=224 (local.get $q)))
      (v128.store offset=256 (local.get $q)
        (i32x4.add
          (i32x4.add (v128.load (local.get $q)) (v128.load offset=144 (local.get $q)))
          (i32x4.add
            (v128.xor (v128.xor
              (v128.or (i32x4.shr_u (local.get $x) (i32.const 7)) (i32x4.shl (local.get $x) (i32.const 25)))
              (v128.or (i32x4.shr_u (local.get $x) (i32.const 18)) (i32x4.shl (local.get $x) (i32.const 14))))
              (i32x4.shr_u (local.get $x) (i32.const 3)))
            (v128.xor (v128.xor
              (v128.or (i32x4.shr_u (local.get $y) (i32.const 17)) (i32x4.shl (local.get $y) (i32.const 15)))
              (v128.or (i32x4.shr_u (local.get $y) (i32.const 19)) (i32x4.shl (local.get $y) (i32.const 13))))
              (i32x4.shr_u (local.get $y) (i32.const 10))))))
      (local.set $q (i32.add (local.get $q) (i32.const 16)))
      (br_if $s (i32.lt_u (local.get $q) (i32.const 1280))))
    (local.set $a (v128.load (i32.const 8448)))
    (local.set $b (v128.load (i32.const 8464)))
    (local.set $c (v128.load (i32.const 8480)))
    (local.set $d (v128.load (i32.const 8496)))
    (local.set $e (v128.load (i32.const 8512)))
    (local.set $f (v128.load (i32.const 8528)))
    (local.set $g (v128.load (i32.const 8544)))
    (local.set $h (v128.load (i32.const 8560)))
    (local.set $i (i32.const 0))
    (loop $r
      ;; T1 = h + Σ1(e) + Ch(e, f, g) + K[i] + W[i]
      (local.set $t1
        (i32x4.add
          (i32x4.add (local.get $h)
            (v128.xor (v128.xor
              (v128.or (i32x4.shr_u (local.get $e) (i32.const 6)) (i32x4.shl (local.get $e) (i32.const 26)))
              (v128.or (i32x4.shr_u (local.get $e) (i32.const 11)) (i32x4.shl (local.get $e) (i32.const 21))))
              (v128.or (i32x4.shr_u (local.get $e) (i32.const 25)) (i32x4.shl (local.get $e) (i32.const 7)))))
          (i32x4.add
            (v128.bitselect (local.get $f) (local.get $g) (local.get $e))
            (i32x4.add
              (v128.load32_splat (i32.shl (local.get $i) (i32.const 2)))
              (v128.load offset=512 (i32.shl (local.get $i) (i32.const 4)))))))
      ;; T2 = Σ0(a) + Maj(a, b, c)
      (local.set $t2
        (i32x4.add
          (v128.xor (v128.xor
            (v128.or (i32x4.shr_u (local.get $a) (i32.const 2)) (i32x4.shl (local.get $a) (i32.const 30)))
            (v128.or (i32x4.shr_u (local.get $a) (i32.const 13)) (i32x4.shl (local.get $a) (i32.const 19))))
            (v128.or (i32x4.shr_u (local.get $a) (i32.const 22)) (i32x4.shl (local.get $a) (i32.const 10))))
          (v128.bitselect (local.get $b) (local.get $a) (v128.xor (local.get $a) (local.get $c)))))
      (local.set $h (local.get $g))
      (local.set $g (local.get $f))
      (local.set $f (local.get $e))
      (local.set $e (i32x4.add (local.get $d) (local.get $t1)))
      (local.set $d (local.get $c))
      (local.set $c (local.get $b))
      (local.set $b (local.get $a))
      (local.set $a (i32x4.add (local.get $t1) (local.get $t2)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $r (i32.lt_u (local.get $i) (i32.const 64))))
    (v128.store (i32.const 8448) (i32x4.add (v128.load (i32.const 8448)) (local.get $a)))
    (v128.store (i32.const 8464) (i32x4.add (v128.load (i32.const 8464)) (local.get $b)))
    (v128.store (i32.const 8480) (i32x4.add (v128.load (i32.const 8480)) (local.get $c)))
    (v128.store (i32.const 8496) (i32x4.add (v128.load (i32.const 8496)) (local.get $d)))
    (v128.store (i32.const 8512) (i32x4.add (v128.load (i32.const 8512)) (local.get $e)))
    (v128.store (i32.const 8528) (i32x4.add (v128.load (i32.const 8528)) (local.get $f)))
    (v128.store (i32.const 8544) (i32x4.add (v128.load (i32.const 8544)) (local.get $g)))
    (v128.store (i32.const 8560) (i32x4.add (v128.load (i32.const 8560)) (local.get $h))))

  ;; The state := a midstate (8 words at $from) in every lane.
  (func $splat8 (param $from i32)
    (local $k i32)
    (loop $l
      (v128.store offset=8448 (i32.shl (local.get $k) (i32.const 4)) (v128.load32_splat (i32.add (local.get $from) (i32.shl (local.get $k) (i32.const 2)))))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $k) (i32.const 8)))))

  ;; HMAC-SHA-256 of `count` messages of `blocks` padded blocks each (blocks = (len + 72) >> 6), four at a time.
  ;; jobs: per message i32 src, i32 len, i32 out (32 bytes written at out).
  (func (export "hmac") (param $jobs i32) (param $count i32) (param $blocks i32)
    (local $g i32) (local $l i32) (local $j i32) (local $len i32) (local $src i32) (local $full i32) (local $s i32) (local $r i32)
    (local $end i32) (local $bits i32) (local $bk i32) (local $lane i32) (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (block $done
      (loop $group
        (br_if $done (i32.ge_u (local.get $g) (local.get $count)))
        (local.set $l (i32.const 0))
        (loop $lanes
          ;; lanes past the last message repeat it into the dummy digest
          (local.set $j (i32.add (local.get $g) (local.get $l)))
          (if (i32.ge_u (local.get $j) (local.get $count)) (then (local.set $j (i32.sub (local.get $count) (i32.const 1)))))
          (local.set $j (i32.add (local.get $jobs) (i32.mul (local.get $j) (i32.const 12))))
          (local.set $src (i32.load (local.get $j)))
          (local.set $len (i32.load offset=4 (local.get $j)))
          (local.set $full (i32.shr_u (local.get $len) (i32.const 6)))
          (local.set $r (i32.and (local.get $len) (i32.const 63)))
          (local.set $s (i32.add (i32.const 1536) (i32.shl (local.get $l) (i32.const 7))))
          ;; the tail: the last partial block's bytes, 0x80, zeros, the bit length of key block + message (big-endian)
          (memory.fill (local.get $s) (i32.const 0) (i32.const 128))
          (memory.copy (local.get $s) (i32.add (local.get $src) (i32.shl (local.get $full) (i32.const 6))) (local.get $r))
          (i32.store8 (i32.add (local.get $s) (local.get $r)) (i32.const 0x80))
          (local.set $end (i32.add (local.get $s) (select (i32.const 128) (i32.const 64) (i32.ge_u (local.get $r) (i32.const 56)))))
          (local.set $bits (i32.shl (i32.add (local.get $len) (i32.const 64)) (i32.const 3)))
          (i32.store8 offset=0 (i32.sub (local.get $end) (i32.const 4)) (i32.shr_u (local.get $bits) (i32.const 24)))
          (i32.store8 offset=1 (i32.sub (local.get $end) (i32.const 4)) (i32.shr_u (local.get $bits) (i32.const 16)))
          (i32.store8 offset=2 (i32.sub (local.get $end) (i32.const 4)) (i32.shr_u (local.get $bits) (i32.const 8)))
          (i32.store8 offset=3 (i32.sub (local.get $end) (i32.const 4)) (local.get $bits))
          (local.set $lane (i32.add (i32.const 384) (i32.shl (local.get $l) (i32.const 4))))
          (i32.store (local.get $lane) (local.get $src))
          (i32.store offset=4 (local.get $lane) (local.get $full))
          (i32.store offset=8 (local.get $lane) (local.get $s))
          (i32.store offset=12 (local.get $lane)
            (select (i32.load offset=8 (local.get $j)) (i32.const 352) (i32.lt_u (i32.add (local.get $g) (local.get $l)) (local.get $count))))
          (local.set $l (i32.add (local.get $l) (i32.const 1)))
          (br_if $lanes (i32.lt_u (local.get $l) (i32.const 4))))
        ;; inner hash: the message's blocks from the inner midstate
        (call $splat8 (i32.const 256))
        (local.set $bk (i32.const 0))
        (loop $block
          (local.set $p0 (call $blockAt (i32.const 384) (local.get $bk)))
          (local.set $p1 (call $blockAt (i32.const 400) (local.get $bk)))
          (local.set $p2 (call $blockAt (i32.const 416) (local.get $bk)))
          (local.set $p3 (call $blockAt (i32.const 432) (local.get $bk)))
          (call $tr4 (v128.load (local.get $p0)) (v128.load (local.get $p1)) (v128.load (local.get $p2)) (v128.load (local.get $p3)) (i32.const 512) (i32.const 528) (i32.const 544) (i32.const 560))
          (call $tr4 (v128.load offset=16 (local.get $p0)) (v128.load offset=16 (local.get $p1)) (v128.load offset=16 (local.get $p2)) (v128.load offset=16 (local.get $p3)) (i32.const 576) (i32.const 592) (i32.const 608) (i32.const 624))
          (call $tr4 (v128.load offset=32 (local.get $p0)) (v128.load offset=32 (local.get $p1)) (v128.load offset=32 (local.get $p2)) (v128.load offset=32 (local.get $p3)) (i32.const 640) (i32.const 656) (i32.const 672) (i32.const 688))
          (call $tr4 (v128.load offset=48 (local.get $p0)) (v128.load offset=48 (local.get $p1)) (v128.load offset=48 (local.get $p2)) (v128.load offset=48 (local.get $p3)) (i32.const 704) (i32.const 720) (i32.const 736) (i32.const 752))
          (call $compress)
          (local.set $bk (i32.add (local.get $bk) (i32.const 1)))
          (br_if $block (i32.lt_u (local.get $bk) (local.get $blocks))))
        ;; outer hash: one block, the inner digest (already words), 0x80, zeros, 768 bits
        (v128.store (i32.const 512) (v128.load (i32.const 8448)))
        (v128.store (i32.const 528) (v128.load (i32.const 8464)))
        (v128.store (i32.const 544) (v128.load (i32.const 8480)))
        (v128.store (i32.const 560) (v128.load (i32.const 8496)))
        (v128.store (i32.const 576) (v128.load (i32.const 8512)))
        (v128.store (i32.const 592) (v128.load (i32.const 8528)))
        (v128.store (i32.const 608) (v128.load (i32.const 8544)))
        (v128.store (i32.const 624) (v128.load (i32.const 8560)))
        (v128.store (i32.const 640) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))
        (v128.store (i32.const 656) (v128.const i32x4 0 0 0 0))
        (v128.store (i32.const 672) (v128.const i32x4 0 0 0 0))
        (v128.store (i32.const 688) (v128.const i32x4 0 0 0 0))
        (v128.store (i32.const 704) (v128.const i32x4 0 0 0 0))
        (v128.store (i32.const 720) (v128.const i32x4 0 0 0 0))
        (v128.store (i32.const 736) (v128.const i32x4 0 0 0 0))
        (v128.store (i32.const 752) (v128.const i32x4 768 768 768 768))
        (call $splat8 (i32.const 288))
        (call $compress)
        ;; the digests: lane k's words are column k of the state
        (local.set $p0 (i32.load (i32.const 396)))
        (local.set $p1 (i32.load (i32.const 412)))
        (local.set $p2 (i32.load (i32.const 428)))
        (local.set $p3 (i32.load (i32.const 444)))
        (call $tr4 (v128.load (i32.const 8448)) (v128.load (i32.const 8464)) (v128.load (i32.const 8480)) (v128.load (i32.const 8496))
          (local.get $p0) (local.get $p1) (local.get $p2) (local.get $p3))
        (call $tr4 (v128.load (i32.const 8512)) (v128.load (i32.const 8528)) (v128.load (i32.const 8544)) (v128.load (i32.const 8560))
          (i32.add (local.get $p0) (i32.const 16)) (i32.add (local.get $p1) (i32.const 16)) (i32.add (local.get $p2) (i32.const 16)) (i32.add (local.get $p3) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (br $group))))

  ;; The address of block `bk` of a lane (at `lane`: src, whole blocks, tail): in the message, or in its padded tail.
  (func $blockAt (param $lane i32) (param $bk i32) (result i32)
    (local $full i32)
    (local.set $full (i32.load offset=4 (local.get $lane)))
    (if (result i32) (i32.lt_u (local.get $bk) (local.get $full))
      (then (i32.add (i32.load (local.get $lane)) (i32.shl (local.get $bk) (i32.const 6))))
      (else (i32.add (i32.load offset=8 (local.get $lane)) (i32.shl (i32.sub (local.get $bk) (local.get $full)) (i32.const 6))))))

  (func $bswap32 (param $v i32) (result i32)
    (i32.or
      (i32.or (i32.shl (local.get $v) (i32.const 24)) (i32.and (i32.shl (local.get $v) (i32.const 8)) (i32.const 0xff0000)))
      (i32.or (i32.and (i32.shr_u (local.get $v) (i32.const 8)) (i32.const 0xff00)) (i32.shr_u (local.get $v) (i32.const 24)))))

  ;; GCM's counter blocks and nonces. jobs: per message i32 off (of its blocks, from ctrBase), i32 src, i32 len,
  ;; i32 out (its ciphertext; the 12-byte nonce is written at out − 28, before the 16-byte tag). Message i's nonce is
  ;; nonces[12i, 12i + 12); its blocks J0 = nonce ‖ 1, nonce ‖ 2, … (1 + ⌈len/16⌉ of them) go to ctrBase + off.
  (func (export "ctr") (param $jobs i32) (param $n i32) (param $nonces i32) (param $ctrBase i32)
    (local $job i32) (local $end i32) (local $p i32) (local $stop i32) (local $c i32) (local $a i64) (local $b i32)
    (local.set $job (local.get $jobs))
    (local.set $end (i32.add (local.get $jobs) (i32.shl (local.get $n) (i32.const 4))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $job) (local.get $end)))
        (local.set $a (i64.load (local.get $nonces)))
        (local.set $b (i32.load offset=8 (local.get $nonces)))
        (i64.store (i32.sub (i32.load offset=12 (local.get $job)) (i32.const 28)) (local.get $a))
        (i32.store (i32.sub (i32.load offset=12 (local.get $job)) (i32.const 20)) (local.get $b))
        (local.set $p (i32.add (local.get $ctrBase) (i32.load (local.get $job))))
        (local.set $stop (i32.add (local.get $p)
          (i32.shl (i32.add (i32.const 1) (i32.shr_u (i32.add (i32.load offset=8 (local.get $job)) (i32.const 15)) (i32.const 4))) (i32.const 4))))
        (local.set $c (i32.const 1))
        (loop $block
          (i64.store (local.get $p) (local.get $a))
          (i32.store offset=8 (local.get $p) (local.get $b))
          (i32.store offset=12 (local.get $p) (call $bswap32 (local.get $c)))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (local.set $p (i32.add (local.get $p) (i32.const 16)))
          (br_if $block (i32.lt_u (local.get $p) (local.get $stop))))
        (local.set $nonces (i32.add (local.get $nonces) (i32.const 12)))
        (local.set $job (i32.add (local.get $job) (i32.const 16)))
        (br $each))))

  ;; X := X · H in GF(2^128) (X in $xlo/$xhi): per byte of X from the last, Z := Z · x^8, Z ^= byte · H.
  (func $gmult
    (local $zlo i64) (local $zhi i64) (local $v i64) (local $k i32) (local $t i32)
    (local.set $v (global.get $xhi))
    (local.set $k (i32.const 16))
    (loop $byte
      (if (i32.eq (local.get $k) (i32.const 8)) (then (local.set $v (global.get $xlo))))
      (local.set $t (i32.wrap_i64 (i64.shr_u (local.get $zhi) (i64.const 56))))
      (local.set $zhi (i64.or (i64.shl (local.get $zhi) (i64.const 8)) (i64.shr_u (local.get $zlo) (i64.const 56))))
      (local.set $zlo (i64.xor (i64.shl (local.get $zlo) (i64.const 8)) (i64.load offset=6144 (i32.shl (local.get $t) (i32.const 3)))))
      (local.set $t (i32.shl (i32.wrap_i64 (i64.shr_u (local.get $v) (i64.const 56))) (i32.const 4)))
      (local.set $zlo (i64.xor (local.get $zlo) (i64.load offset=2048 (local.get $t))))
      (local.set $zhi (i64.xor (local.get $zhi) (i64.load offset=2056 (local.get $t))))
      (local.set $v (i64.shl (local.get $v) (i64.const 8)))
      (local.set $k (i32.sub (local.get $k) (i32.const 1)))
      (br_if $byte (local.get $k)))
    (global.set $xlo (local.get $zlo))
    (global.set $xhi (local.get $zhi)))

  ;; Encrypts and tags every message of `ctr`'s jobs: ciphertext = src XOR the keystream (ksBase + off + 16, …) at out,
  ;; tag = E(K, J0) (at ksBase + off) XOR GHASH(H, ciphertext) at out − 16. No additional data.
  (func (export "seal") (param $jobs i32) (param $n i32) (param $ksBase i32)
    (local $job i32) (local $end i32) (local $ks i32) (local $src i32) (local $len i32) (local $out i32) (local $j i32) (local $whole i32)
    (local $c v128) (local $b i32)
    (local.set $job (local.get $jobs))
    (local.set $end (i32.add (local.get $jobs) (i32.shl (local.get $n) (i32.const 4))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $job) (local.get $end)))
        (local.set $ks (i32.add (local.get $ksBase) (i32.load (local.get $job))))
        (local.set $src (i32.load offset=4 (local.get $job)))
        (local.set $len (i32.load offset=8 (local.get $job)))
        (local.set $out (i32.load offset=12 (local.get $job)))
        (global.set $xlo (i64.const 0))
        (global.set $xhi (i64.const 0))
        (local.set $whole (i32.and (local.get $len) (i32.const -16)))
        (local.set $j (i32.const 0))
        (block $wholeDone
          (loop $block
            (br_if $wholeDone (i32.ge_u (local.get $j) (local.get $whole)))
            (local.set $c (v128.xor (v128.load (i32.add (local.get $src) (local.get $j))) (v128.load offset=16 (i32.add (local.get $ks) (local.get $j)))))
            (v128.store (i32.add (local.get $out) (local.get $j)) (local.get $c))
            (global.set $xlo (i64.xor (global.get $xlo) (i64x2.extract_lane 0 (local.get $c))))
            (global.set $xhi (i64.xor (global.get $xhi) (i64x2.extract_lane 1 (local.get $c))))
            (call $gmult)
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $block)))
        (if (i32.lt_u (local.get $whole) (local.get $len))
          (then
            ;; the last partial block, zero-padded for GHASH
            (v128.store (i32.const 8192) (v128.const i64x2 0 0))
            (loop $tail
              (local.set $b (i32.xor (i32.load8_u (i32.add (local.get $src) (local.get $j))) (i32.load8_u offset=16 (i32.add (local.get $ks) (local.get $j)))))
              (i32.store8 (i32.add (local.get $out) (local.get $j)) (local.get $b))
              (i32.store8 offset=8192 (i32.sub (local.get $j) (local.get $whole)) (local.get $b))
              (local.set $j (i32.add (local.get $j) (i32.const 1)))
              (br_if $tail (i32.lt_u (local.get $j) (local.get $len))))
            (global.set $xlo (i64.xor (global.get $xlo) (i64.load (i32.const 8192))))
            (global.set $xhi (i64.xor (global.get $xhi) (i64.load (i32.const 8200))))
            (call $gmult)))
        ;; the lengths block: 64-bit big-endian bit lengths of the (empty) additional data and of the ciphertext
        (global.set $xhi (i64.xor (global.get $xhi) (i64.shl (i64.extend_i32_u (call $bswap32 (i32.shl (local.get $len) (i32.const 3)))) (i64.const 32))))
        (call $gmult)
        (v128.store (i32.sub (local.get $out) (i32.const 16))
          (v128.xor (v128.load (local.get $ks)) (i64x2.replace_lane 1 (i64x2.splat (global.get $xlo)) (global.get $xhi))))
        (local.set $job (i32.add (local.get $job) (i32.const 16)))
        (br $each)))))
