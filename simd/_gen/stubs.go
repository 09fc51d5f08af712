package main

func genHash()      {}
func genGather()    {}
func genUnpack()    {}
