package main

func genBitmap()    {}
func genAggregate() {}
func genHash()      {}
func genGather()    {}
func genUnpack()    {}
