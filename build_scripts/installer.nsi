; Installer of glossary_app (地方政府报告简称词典) for Windows: NSIS 3, Modern UI 2, pages in Simplified Chinese.
;
; Per user, no administrator rights: the program goes to %LOCALAPPDATA%\Programs\glossary_app.
; The user's data (term base, imported reports, favourites, notes, settings) lives apart, in
; %LOCALAPPDATA%\glossary_app, written by the program itself: an upgrade replaces program files
; only, and the uninstaller removes the data only when the user ticks the box for it.
;
; Compiled by build_scripts/build_release.py:
;   makensis -INPUTCHARSET UTF8 -DDIST=dist\glossary_app -DVERSION=0.1.0 -DVERSION_NUMERIC=0.1.0.0
;            -DOUTFILE=dist\glossary_app-0.1.0-setup.exe [-DAPP_ICON=build\glossary_app.ico] installer.nsi
; DIST is the one-folder program PyInstaller made; on Linux the script compiles over the Linux
; folder, which proves the script, not the installer.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma
SetCompressorDictSize 64

!ifndef DIST
  !error "define DIST: the folder PyInstaller made (dist\glossary_app)"
!endif
!ifndef VERSION
  !define VERSION "0.0.0"
!endif
!ifndef VERSION_NUMERIC
  !define VERSION_NUMERIC "0.0.0.0"
!endif
!ifndef OUTFILE
  !define OUTFILE "glossary_app-${VERSION}-setup.exe"
!endif

!define APP_ID "glossary_app"
!define APP_NAME "地方政府报告简称词典"
!define APP_EXE "glossary_app.exe"
!define CLI_EXE "glossary-app.exe"
!define PUBLISHER "glossary_app"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define SETTINGS_KEY "Software\${APP_ID}"
; Where the program keeps the user's data (platformdirs.user_data_dir("glossary_app", appauthor=False)).
!define USER_DATA "$LOCALAPPDATA\${APP_ID}"

Name "${APP_NAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_ID}"
InstallDirRegKey HKCU "${SETTINGS_KEY}" "InstallDir"
BrandingText "${APP_NAME} ${VERSION}"

VIProductVersion "${VERSION_NUMERIC}"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=2052 "LegalCopyright" "${PUBLISHER}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"

!ifdef APP_ICON
  !define MUI_ICON "${APP_ICON}"
  !define MUI_UNICON "${APP_ICON}"
!endif
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "将在本机当前用户下安装 ${APP_NAME} ${VERSION}，不需要管理员权限。$\r$\n$\r$\n如已安装旧版本，将直接升级：您的词库、导入的报告、收藏和笔记保存在用户目录中，升级后仍然保留。$\r$\n$\r$\n点击“下一步”继续。"
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "运行 ${APP_NAME}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!define MUI_COMPONENTSPAGE_TEXT_TOP "卸载程序文件。您的词库、导入的报告、收藏和笔记默认保留，重新安装后可继续使用；如需一并删除，请勾选下面一项。"
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; The program must be closed before its files can be replaced or removed.
!macro CLOSE_PROGRAM UN
  Function ${UN}CloseProgram
    ${Do}
      ClearErrors
      ${IfNot} ${FileExists} "$INSTDIR\${APP_EXE}"
        ${Break}
      ${EndIf}
      ; Renaming a running program's file fails on Windows: a cheap test that it is not running.
      Rename "$INSTDIR\${APP_EXE}" "$INSTDIR\${APP_EXE}.check"
      ${IfNot} ${Errors}
        Rename "$INSTDIR\${APP_EXE}.check" "$INSTDIR\${APP_EXE}"
        ${Break}
      ${EndIf}
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APP_NAME} 正在运行。请先关闭它，再点击“重试”。" /SD IDCANCEL IDRETRY retry
      Abort
      retry:
    ${Loop}
  FunctionEnd
!macroend
!insertmacro CLOSE_PROGRAM ""
!insertmacro CLOSE_PROGRAM "un."

; Program files of an earlier version: removed before the new ones go in, so none linger.
; The user's data is not here (see USER_DATA), nor is a portable userdata\ folder touched.
!macro REMOVE_PROGRAM_FILES
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\uninstall.exe"
!macroend

Section "程序文件（必需）" SecProgram
  SectionIn RO
  SetOutPath "$INSTDIR"
  Call CloseProgram
  !insertmacro REMOVE_PROGRAM_FILES
  File /r "${DIST}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${SETTINGS_KEY}" "Version" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "桌面快捷方式" SecDesktop
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
SectionEnd

Function .onInit
  ; The program is 64-bit (the installer itself is the usual 32-bit NSIS stub).
  ${IfNot} ${RunningX64}
    MessageBox MB_ICONSTOP "${APP_NAME} 需要 64 位 Windows 10 或更新版本。" /SD IDOK
    Abort
  ${EndIf}
  ; A per-user install: the shortcuts go to this user's Start menu and desktop.
  SetShellVarContext current
FunctionEnd

Section "-EstimatedSize"
  ; Size in KB for Apps & Features, measured from what was installed.
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "un.程序文件" UnSecProgram
  SectionIn RO
  Call un.CloseProgram
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  !insertmacro REMOVE_PROGRAM_FILES
  RMDir "$INSTDIR"  ; only when empty: a portable userdata\ or the user's own files stay
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "${SETTINGS_KEY}"
SectionEnd

; Not ticked unless the user asks: a silent uninstall (/S) keeps the data too.
Section /o "un.同时删除我的词库、导入的报告、收藏和笔记" UnSecUserData
  RMDir /r "${USER_DATA}"
  Delete "$TEMP\jieba.cache"
SectionEnd
