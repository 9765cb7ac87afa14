;; The CSV split of the byte path (csv-bytes.ts), 32 bytes (two 16-byte vectors) a step. Assembled by `node --import tsx
;; scripts/build-wasm.ts src/engines/scan/parsers/csv-split.wat` into csv-split.wasm.ts (committed; a test keeps
;; the two equal).
;;
;; split(base, p, to, delim, out, outEnd, maxRecords, maxLen) scans the bytes at [base + p, base + to) for whole
;; lines without a quote, and writes for each such record, at out (bytes, i32 little-endian):
;;   n, line index (1 for the first line of this call), then start and end of each of the n fields
;; (positions relative to base; the last end is the line end before an optional CR): what the sink of csv-bytes.ts
;; takes, without a copy. A blank line (LF at once, or CR LF) counts a line and writes
;; nothing. It stops at the start of a line that holds a quote before its LF, of a line longer than maxLen
;; (not counting the LF), of a line not ended before `to`, of a line whose offsets would pass outEnd, or after
;; maxRecords records; that line is left to the JavaScript loop. Returns where it stopped; mem[0] = records
;; written, mem[4] = lines consumed. The caller keeps 32 readable bytes after base + to (a load may pass `to`;
;; the bits past it are masked off). A multi-byte UTF-8 character has no byte below 0x80, so comparing bytes to
;; the delimiter (ASCII), '"' and LF is exact.
(module
  (memory (export "memory") 1)
  (func (export "split")
    (param $base i32) (param $p i32) (param $to i32) (param $d i32)
    (param $out i32) (param $outEnd i32) (param $maxRec i32) (param $maxLen i32)
    (result i32)
    (local $vd v128) (local $v v128) (local $u v128)
    (local $i i32) (local $bd i32) (local $bs i32) (local $m i32) (local $t i32)
    (local $pos i32) (local $end i32) (local $r i32) (local $w i32)
    (local $recs i32) (local $lines i32) (local $c i32)
    (local.set $vd (i8x16.splat (local.get $d)))
    (local.set $r (local.get $out))
    (local.set $w (i32.add (local.get $out) (i32.const 12)))
    (local.set $i (local.get $p))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_s (local.get $i) (local.get $to)))
        (local.set $v (v128.load (i32.add (local.get $base) (local.get $i))))
        (local.set $u (v128.load offset=16 (i32.add (local.get $base) (local.get $i))))
        (local.set $bd (i32.or
          (i8x16.bitmask (i8x16.eq (local.get $v) (local.get $vd)))
          (i32.shl (i8x16.bitmask (i8x16.eq (local.get $u) (local.get $vd))) (i32.const 16))))
        (local.set $bs (i32.or
          (i8x16.bitmask (v128.or
            (i8x16.eq (local.get $v) (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10))
            (i8x16.eq (local.get $v) (v128.const i8x16 34 34 34 34 34 34 34 34 34 34 34 34 34 34 34 34))))
          (i32.shl (i8x16.bitmask (v128.or
            (i8x16.eq (local.get $u) (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10))
            (i8x16.eq (local.get $u) (v128.const i8x16 34 34 34 34 34 34 34 34 34 34 34 34 34 34 34 34))))
            (i32.const 16))))
        ;; the last block: no bits at or past `to`
        (if (i32.lt_s (i32.sub (local.get $to) (local.get $i)) (i32.const 32))
          (then
            (local.set $m (i32.sub (i32.shl (i32.const 1) (i32.sub (local.get $to) (local.get $i))) (i32.const 1)))
            (local.set $bd (i32.and (local.get $bd) (local.get $m)))
            (local.set $bs (i32.and (local.get $bs) (local.get $m)))))
        (loop $stops
          ;; the delimiters before the first stop (LF or quote) of the block, or all of them if there is none
          (local.set $m (if (result i32) (local.get $bs)
            (then (i32.and (local.get $bd)
              (i32.sub (i32.shl (i32.const 1) (i32.ctz (local.get $bs))) (i32.const 1))))
            (else (local.get $bd))))
          ;; each delimiter at x: the end of a field and the start of the next, x | (x + 1) << 32. Four stores
          ;; whatever their number (fields are ~15 bytes: rarely more than four in 32 bytes), so that no branch
          ;; depends on the data; those past the count are garbage, overwritten later. Against a loop over the bits,
          ;; 16 bytes a step: 0.74-0.85 -> 0.31-0.34 ns a byte (the split alone, 1M-line slice, load ~7)
          (br_if $done (i32.gt_u (i32.add (local.get $w) (i32.const 32)) (local.get $outEnd)))
          (local.set $c (i32.popcnt (local.get $m)))
          (i64.store align=4 (local.get $w) (i64.add (i64.mul (i64.extend_i32_u (i32.add (local.get $i) (i32.ctz (local.get $m))))
            (i64.const 0x100000001)) (i64.const 0x100000000)))
          (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
          (i64.store offset=8 align=4 (local.get $w) (i64.add (i64.mul (i64.extend_i32_u (i32.add (local.get $i) (i32.ctz (local.get $m))))
            (i64.const 0x100000001)) (i64.const 0x100000000)))
          (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
          (i64.store offset=16 align=4 (local.get $w) (i64.add (i64.mul (i64.extend_i32_u (i32.add (local.get $i) (i32.ctz (local.get $m))))
            (i64.const 0x100000001)) (i64.const 0x100000000)))
          (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
          (i64.store offset=24 align=4 (local.get $w) (i64.add (i64.mul (i64.extend_i32_u (i32.add (local.get $i) (i32.ctz (local.get $m))))
            (i64.const 0x100000001)) (i64.const 0x100000000)))
          (if (i32.gt_u (local.get $c) (i32.const 4))
            (then
              (local.set $t (i32.add (local.get $w) (i32.const 32)))
              (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
              (loop $each
                (br_if $done (i32.gt_u (i32.add (local.get $t) (i32.const 8)) (local.get $outEnd)))
                (i64.store align=4 (local.get $t) (i64.add (i64.mul (i64.extend_i32_u (i32.add (local.get $i) (i32.ctz (local.get $m))))
                  (i64.const 0x100000001)) (i64.const 0x100000000)))
                (local.set $t (i32.add (local.get $t) (i32.const 8)))
                (local.set $m (i32.and (local.get $m) (i32.sub (local.get $m) (i32.const 1))))
                (br_if $each (local.get $m)))))
          (local.set $w (i32.add (local.get $w) (i32.shl (local.get $c) (i32.const 3))))
          (if (i32.eqz (local.get $bs))
            (then
              (local.set $i (i32.add (local.get $i) (i32.const 32)))
              (br $blocks)))
          (local.set $t (i32.ctz (local.get $bs)))
          (local.set $pos (i32.add (local.get $i) (local.get $t)))
          ;; a quote: the JavaScript loop parses this record
          (br_if $done (i32.eq (i32.load8_u (i32.add (local.get $base) (local.get $pos))) (i32.const 34)))
          (br_if $done (i32.gt_s (i32.sub (local.get $pos) (local.get $p)) (local.get $maxLen)))
          (local.set $end (local.get $pos))
          (if (i32.gt_s (local.get $end) (local.get $p))
            (then
              (if (i32.eq (i32.load8_u (i32.add (local.get $base) (i32.sub (local.get $end) (i32.const 1)))) (i32.const 13))
                (then (local.set $end (i32.sub (local.get $end) (i32.const 1)))))))
          (if (i32.gt_s (local.get $end) (local.get $p))
            (then
              (br_if $done (i32.ge_u (local.get $w) (local.get $outEnd)))
              (i32.store (local.get $w) (local.get $end))
              (local.set $w (i32.add (local.get $w) (i32.const 4)))
              (i32.store (local.get $r)
                (i32.shr_u (i32.sub (local.get $w) (i32.add (local.get $r) (i32.const 8))) (i32.const 3)))
              (i32.store offset=4 (local.get $r) (i32.add (local.get $lines) (i32.const 1)))
              (i32.store offset=8 (local.get $r) (local.get $p))
              (local.set $recs (i32.add (local.get $recs) (i32.const 1)))
              (local.set $r (local.get $w))))
          (local.set $w (i32.add (local.get $r) (i32.const 12)))
          (local.set $lines (i32.add (local.get $lines) (i32.const 1)))
          (local.set $p (i32.add (local.get $pos) (i32.const 1)))
          (br_if $done (i32.ge_u (local.get $recs) (local.get $maxRec)))
          ;; on past the stop, in the same block
          (local.set $m (i32.shl (i32.const -2) (local.get $t)))
          (local.set $bd (i32.and (local.get $bd) (local.get $m)))
          (local.set $bs (i32.and (local.get $bs) (local.get $m)))
          (br $stops))))
    (i32.store (i32.const 0) (local.get $recs))
    (i32.store (i32.const 4) (local.get $lines))
    (local.get $p)))
