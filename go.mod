module github.com/lhsql/lhsql

go 1.26
