' LibreOffice Basic, run headless by tests/exchange/test_libreoffice.py: sorts and filters
' the follow-up workbook as a clerk does in Calc, with Calc's own sort and standard filter
' (which obey the sheet protection: Calc refuses to sort a protected range holding a
' protected cell), then saves it as .xlsx. Everything comes from the environment:
'   OMRADE_IN, OMRADE_OUT      the workbook read, the .xlsx written
'   OMRADE_HEADER_ROW          the heading row (1-based); the rows under it are sorted
'   OMRADE_COLUMNS             how many columns the rows have
'   OMRADE_SORT_COLUMN         the column sorted by, descending (0-based)
'   OMRADE_FILTER_SHEET        the sheet also filtered: OMRADE_FILTER_COLUMN (0-based)
'   OMRADE_FILTER_VALUE        equal to this value
'   OMRADE_LOG                 a line per sheet sorted or filtered, "saved", or "error ..."
Sub SortAndFilter
    Dim fields(0) As New com.sun.star.table.TableSortField
    Dim sorting(1) As New com.sun.star.beans.PropertyValue
    Dim crit(0) As New com.sun.star.sheet.TableFilterField
    Dim save(0) As New com.sun.star.beans.PropertyValue
    Dim load(0) As New com.sun.star.beans.PropertyValue
    out = FreeFile
    Open Environ("OMRADE_LOG") For Output As #out
    On Error Goto Failed
    load(0).Name = "Hidden" : load(0).Value = True
    doc = StarDesktop.loadComponentFromURL(ConvertToURL(Environ("OMRADE_IN")), "_blank", 0, load())
    headerRow = CInt(Environ("OMRADE_HEADER_ROW")) - 1
    lastCol = CInt(Environ("OMRADE_COLUMNS")) - 1
    sortCol = CInt(Environ("OMRADE_SORT_COLUMN"))
    filterSheet = Environ("OMRADE_FILTER_SHEET")
    filterCol = CInt(Environ("OMRADE_FILTER_COLUMN"))
    For i = 0 To doc.Sheets.Count - 1
        sh = doc.Sheets.getByIndex(i)
        If sh.IsVisible Then
            cursor = sh.createCursor()
            cursor.gotoEndOfUsedArea(False)
            lastRow = cursor.RangeAddress.EndRow
            rng = sh.getCellRangeByPosition(0, headerRow, lastCol, lastRow)
            fields(0).Field = sortCol
            fields(0).IsAscending = False
            sorting(0).Name = "SortFields" : sorting(0).Value = fields()
            sorting(1).Name = "ContainsHeader" : sorting(1).Value = True
            rng.sort(sorting())
            Print #out, "sorted" & Chr(9) & sh.Name & Chr(9) & sh.isProtected()
            If sh.Name = filterSheet Then
                fd = rng.createFilterDescriptor(True)
                crit(0).Field = filterCol
                crit(0).Operator = com.sun.star.sheet.FilterOperator.EQUAL
                crit(0).IsNumeric = False
                crit(0).StringValue = Environ("OMRADE_FILTER_VALUE")
                fd.setFilterFields(crit())
                fd.ContainsHeader = True
                rng.filter(fd)
                Print #out, "filtered" & Chr(9) & sh.Name
            End If
        End If
    Next i
    save(0).Name = "FilterName" : save(0).Value = "Calc MS Excel 2007 XML"
    doc.storeToURL(ConvertToURL(Environ("OMRADE_OUT")), save())
    doc.close(True)
    Print #out, "saved"
    Close #out
    Exit Sub
Failed:
    Print #out, "error" & Chr(9) & Err & Chr(9) & Erl & Chr(9) & Error$
    Close #out
End Sub
